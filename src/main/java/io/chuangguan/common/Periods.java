package io.chuangguan.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;

/** Labels of the periods points are counted in: ISO weeks ("2026-W48") and months ("2026-11"), in a zone. */
public final class Periods {

    public static final String ALL_TIME = "ALL";

    /** The labels of one local day, which every submission and board read of that day needs. */
    private record Day(ZoneId zone, Instant start, Instant end, String week, String month) {

        boolean holds(Instant instant, ZoneId z) {
            return zone.equals(z) && !instant.isBefore(start) && instant.isBefore(end);
        }
    }

    private static volatile Day last;

    private Periods() {
    }

    /** The ISO week, numbered within its week-based year: 2027-01-01 (a Friday) is in 2026-W53. */
    public static String week(Instant instant, ZoneId zone) {
        return day(instant, zone).week();
    }

    public static String month(Instant instant, ZoneId zone) {
        return day(instant, zone).month();
    }

    private static Day day(Instant instant, ZoneId zone) {
        Day day = last;
        if (day == null || !day.holds(instant, zone)) {
            ZonedDateTime t = instant.atZone(zone);
            LocalDate date = t.toLocalDate();
            int week = t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            int month = t.getMonthValue();
            day = new Day(zone, date.atStartOfDay(zone).toInstant(), date.plusDays(1).atStartOfDay(zone).toInstant(),
                    t.get(IsoFields.WEEK_BASED_YEAR) + (week < 10 ? "-W0" : "-W") + week, t.getYear() + (month < 10 ? "-0" : "-") + month);
            last = day;
        }
        return day;
    }
}
