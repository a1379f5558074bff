package io.chuangguan.leaderboard;

import java.util.EnumMap;
import java.util.Map;

/** The units a worker belongs to, one per scope, as SQL selects them and as the boards use them. */
final class BoardUnits {

    /** Seven columns in {@link Scope} order; {@link #JOINS} provides the aliases. */
    static final String COLUMNS = "city.parent_id, tr.industry_id, w.trade_id, county.parent_id, e.region_id, w.enterprise_id, w.team_id";
    /** From {@code worker w}: its enterprise, trade, county and city. */
    static final String JOINS = """
             join enterprise e on e.id = w.enterprise_id
             join trade tr on tr.id = w.trade_id
             join region county on county.id = e.region_id
             join region city on city.id = county.parent_id
            """;

    private BoardUnits() {
    }

    /** The units from {@code row[first]} on, in {@link Scope} order; a worker without a team has no TEAM board. */
    static Map<Scope, Long> from(Object[] row, int first) {
        Map<Scope, Long> units = new EnumMap<>(Scope.class);
        Scope[] scopes = Scope.values();
        for (int i = 0; i < scopes.length; i++) {
            if (row[first + i] != null) {
                units.put(scopes[i], ((Number) row[first + i]).longValue());
            }
        }
        return units;
    }
}
