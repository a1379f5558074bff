package io.chuangguan.leaderboard;

/**
 * Every Redis key of the leaderboards is made here. A board key carries its whole identity in the hash tag,
 * {@code cg:lb:{TRADE:42:2026-W48}}, so the board and its rebuild copy live in one Redis Cluster slot and the
 * copy can be renamed over the board.
 */
public final class LeaderboardKeys {

    static final String PREFIX = "cg:lb:";
    /** Present while the boards are in place; gone after a Redis restart without persistence. */
    static final String MARKER = PREFIX + "marker";
    static final String REBUILD_LOCK = PREFIX + "rebuild-lock";

    private LeaderboardKeys() {
    }

    /** {@code periodLabel} is ALL, an ISO week (2026-W48) or a month (2026-11). */
    public static String board(Scope scope, long scopeId, String periodLabel) {
        return PREFIX + "{" + boardName(scope, scopeId) + ":" + periodLabel + "}";
    }

    /** "TRADE:42": the board without its period, as archived. */
    public static String boardName(Scope scope, long scopeId) {
        return scope.name() + ":" + scopeId;
    }

    static String rebuildCopy(String boardKey) {
        return boardKey + ":rebuild";
    }

    /** SCAN pattern for every board of one period. */
    static String periodPattern(String periodLabel) {
        return PREFIX + "{*:" + periodLabel + "}";
    }
}
