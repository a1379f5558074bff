package io.chuangguan.leaderboard;

import java.util.List;

public final class LeaderboardViews {

    private LeaderboardViews() {
    }

    public record Entry(long rank, long workerId, String displayName, String enterprise, long points) {
    }

    /** {@code board} names scope and unit ("TRADE:42"); {@code label} the period (ALL, 2026-W48, 2026-11). */
    public record BoardView(String board, Scope scope, long scopeId, Period period, String label, long size, List<Entry> entries) {
    }

    /** The caller's place: rank null when not on the board yet. */
    public record MyPlaceView(String board, Scope scope, long scopeId, Period period, String label, long size, Long rank,
            Long points, List<Entry> entries) {
    }

    /** Ranks on one board kind: this week's and all time. */
    public record RankPair(Long week, Long allTime) {
    }

    /**
     * The caller's ranks right after a submission. {@code status} is {@code PENDING} when Redis could not be
     * reached: the score is saved and the boards catch up shortly.
     */
    public record Ranks(String status, RankPair trade, RankPair enterprise, RankPair province) {
        public static final Ranks PENDING = new Ranks("PENDING", null, null, null);
    }
}
