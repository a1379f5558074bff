package io.chuangguan.leaderboard;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** A worker's total in one period, with the units whose boards it belongs on. */
record BoardEntry(long accountId, Map<Scope, Long> units, String period, long points, Instant reachedAt) {

    static final String SELECT = """
            select w.account_id, city.parent_id, tr.industry_id, w.trade_id, county.parent_id, e.region_id,
                   w.enterprise_id, w.team_id, pt.period, pt.points, pt.reached_at
            from point_total pt
            join worker w on w.account_id = pt.account_id
            join enterprise e on e.id = w.enterprise_id
            join trade tr on tr.id = w.trade_id
            join region county on county.id = e.region_id
            join region city on city.id = county.parent_id
            """;

    static BoardEntry of(Object[] row) {
        Map<Scope, Long> units = new EnumMap<>(Scope.class);
        Scope[] order = { Scope.PROVINCE, Scope.INDUSTRY, Scope.TRADE, Scope.CITY, Scope.COUNTY, Scope.ENTERPRISE, Scope.TEAM };
        for (int i = 0; i < order.length; i++) {
            if (row[i + 1] != null) {
                units.put(order[i], ((Number) row[i + 1]).longValue());
            }
        }
        return new BoardEntry(((Number) row[0]).longValue(), units, (String) row[8], ((Number) row[9]).longValue(),
                Timestamps.instant(row[10]));
    }

    long score() {
        return ScoreCodec.encode(Math.min(points, ScoreCodec.MAX_POINTS), reachedAt);
    }
}
