package io.chuangguan.union;

import java.util.List;

import io.chuangguan.common.DomainException;
import io.chuangguan.common.Violation;

/**
 * A unit the union's figures are about: a region (province, city, county), an enterprise or a team. Written
 * {@code region:12}, {@code enterprise:3} or {@code team:9} in a request.
 */
public record UnitRef(Kind kind, long id, String name, String level, String sizeClass) {

    public enum Kind {
        REGION, ENTERPRISE, TEAM,
        /** rows of a breakdown that are no unit of their own */
        INDUSTRY, TRADE, SIZE;

        /** The kind's letter in the roll-up tables ('R', 'E'); a team has none (its figures come from workers' rows). */
        String letter() {
            return this == REGION ? "R" : this == ENTERPRISE ? "E" : "T";
        }
    }

    /** The key a client sends back to drill into this unit. */
    public String key() {
        return kind.name().toLowerCase() + ":" + id;
    }

    /** A parsed {@code unit} parameter: its kind and id only. */
    public record Key(Kind kind, long id) {
    }

    static Key parse(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        int colon = value.indexOf(':');
        try {
            if (colon > 0) {
                Kind kind = Kind.valueOf(value.substring(0, colon).toUpperCase());
                long id = Long.parseLong(value.substring(colon + 1));
                if (id > 0 && kind.ordinal() <= Kind.TEAM.ordinal() && value.substring(0, colon).equals(kind.name().toLowerCase())) {
                    return new Key(kind, id);
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new DomainException(400, "validation", "Invalid request", "The request has invalid fields",
                List.of(new Violation(field, "must be region:<id>, enterprise:<id> or team:<id>")));
    }
}
