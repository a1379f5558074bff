package io.chuangguan.common;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;

/** Labels of the periods points are counted in: ISO weeks ("2026-W48") and months ("2026-11"), in a zone. */
public final class Periods {

    public static final String ALL_TIME = "ALL";

    private Periods() {
    }

    /** The ISO week, numbered within its week-based year: 2027-01-01 (a Friday) is in 2026-W53. */
    public static String week(Instant instant, ZoneId zone) {
        ZonedDateTime t = instant.atZone(zone);
        return String.format("%d-W%02d", t.get(IsoFields.WEEK_BASED_YEAR), t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    public static String month(Instant instant, ZoneId zone) {
        ZonedDateTime t = instant.atZone(zone);
        return String.format("%d-%02d", t.getYear(), t.getMonthValue());
    }
}
