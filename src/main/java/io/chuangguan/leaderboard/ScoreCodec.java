package io.chuangguan.leaderboard;

import java.time.Instant;

/**
 * The score stored on a board: points in the high bits, and in the low 31 bits the seconds left until
 * {@link #TIE_EPOCH_END} when the points were reached, so that among equal points the earlier achiever ranks
 * higher. Below 2^52 and so exact in a Redis double, for up to 2^21 - 1 points and any instant from
 * 2020-01-01 for 68 years.
 */
public final class ScoreCodec {

    static final int TIME_BITS = 31;
    static final long TIME_SPAN = 1L << TIME_BITS;
    public static final long MAX_POINTS = (1L << 21) - 1;
    /** 2020-01-01T00:00:00Z: the earliest instant a score can be reached at. */
    static final long TIE_EPOCH_START = 1_577_836_800L;
    static final long TIE_EPOCH_END = TIE_EPOCH_START + TIME_SPAN - 1;

    private ScoreCodec() {
    }

    public static long encode(long points, Instant reachedAt) {
        if (points < 0 || points > MAX_POINTS) {
            throw new IllegalArgumentException("points out of range: " + points);
        }
        long seconds = reachedAt.getEpochSecond();
        if (seconds < TIE_EPOCH_START || seconds > TIE_EPOCH_END) {
            throw new IllegalArgumentException("instant out of range: " + reachedAt);
        }
        return points * TIME_SPAN + (TIE_EPOCH_END - seconds);
    }

    public static long points(double score) {
        return (long) score / TIME_SPAN;
    }

    public static Instant reachedAt(double score) {
        return Instant.ofEpochSecond(TIE_EPOCH_END - ((long) score % TIME_SPAN));
    }
}
