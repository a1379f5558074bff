package io.chuangguan.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ScoreCodecTest {

    @Test
    void roundTripsPointsAndTimeExactlyInADouble() {
        Instant at = Instant.parse("2026-11-26T03:04:05Z");
        long encoded = ScoreCodec.encode(2_100, at);
        double asRedisKeepsIt = (double) encoded;
        assertEquals(encoded, (long) asRedisKeepsIt);
        assertEquals(2_100, ScoreCodec.points(asRedisKeepsIt));
        assertEquals(at, ScoreCodec.reachedAt(asRedisKeepsIt));
        long highest = ScoreCodec.encode(ScoreCodec.MAX_POINTS, Instant.ofEpochSecond(ScoreCodec.TIE_EPOCH_START));
        assertTrue(highest < (1L << 53), "below 2^53");
        assertEquals(ScoreCodec.MAX_POINTS, ScoreCodec.points((double) highest));
    }

    @Test
    void equalPointsRankTheEarlierFirstAndMorePointsAlwaysWin() {
        Instant early = Instant.parse("2026-11-23T00:00:00Z");
        Instant late = Instant.parse("2026-11-29T15:59:59Z");
        assertTrue(ScoreCodec.encode(500, early) > ScoreCodec.encode(500, late));
        assertTrue(ScoreCodec.encode(501, late) > ScoreCodec.encode(500, early));
        assertTrue(ScoreCodec.encode(1, Instant.ofEpochSecond(ScoreCodec.TIE_EPOCH_END)) > ScoreCodec.encode(0,
                Instant.ofEpochSecond(ScoreCodec.TIE_EPOCH_START)));
    }

    @Test
    void refusesWhatItCannotEncode() {
        assertThrows(IllegalArgumentException.class, () -> ScoreCodec.encode(-1, Instant.parse("2026-01-01T00:00:00Z")));
        assertThrows(IllegalArgumentException.class, () -> ScoreCodec.encode(1, Instant.parse("2019-12-31T23:59:59Z")));
    }
}
