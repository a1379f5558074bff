package io.chuangguan.leaderboard;

import java.time.Instant;
import java.util.Map;

import io.chuangguan.common.Timestamps;

/** A worker's total in one period, with the units whose boards it belongs on. */
record BoardEntry(long accountId, Map<Scope, Long> units, String period, long points, Instant reachedAt) {

    static final String SELECT = "select w.account_id, " + BoardUnits.COLUMNS + ", pt.period, pt.points, pt.reached_at"
            + " from point_total pt join worker w on w.account_id = pt.account_id" + BoardUnits.JOINS;

    static BoardEntry of(Object[] row) {
        return new BoardEntry(((Number) row[0]).longValue(), BoardUnits.from(row, 1), (String) row[8], ((Number) row[9]).longValue(),
                Timestamps.instant(row[10]));
    }

    long score() {
        return ScoreCodec.encode(Math.min(points, ScoreCodec.MAX_POINTS), reachedAt);
    }
}
