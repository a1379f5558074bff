package io.chuangguan.common;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;

/** Labels of the periods points are counted in: ISO weeks ("2026-W48") and months ("2026-11"), in a zone. */
public final class Periods {

    public static final String ALL_TIME = "ALL";

    /** Seconds in which the labels cannot change: every zone's midnight falls on a quarter hour of UTC. */
    private static final long QUARTER_HOUR = 900;

    /** The labels of the last quarter hour asked for: every submission and board read needs them. */
    private record Labels(long quarter, ZoneId zone, String week, String month) {
    }

    private static volatile Labels last;

    private Periods() {
    }

    /** The ISO week, numbered within its week-based year: 2027-01-01 (a Friday) is in 2026-W53. */
    public static String week(Instant instant, ZoneId zone) {
        return labels(instant, zone).week();
    }

    public static String month(Instant instant, ZoneId zone) {
        return labels(instant, zone).month();
    }

    private static Labels labels(Instant instant, ZoneId zone) {
        long quarter = Math.floorDiv(instant.getEpochSecond(), QUARTER_HOUR);
        Labels labels = last;
        if (labels == null || labels.quarter() != quarter || !labels.zone().equals(zone)) {
            ZonedDateTime t = instant.atZone(zone);
            int week = t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            int month = t.getMonthValue();
            labels = new Labels(quarter, zone, t.get(IsoFields.WEEK_BASED_YEAR) + (week < 10 ? "-W0" : "-W") + week,
                    t.getYear() + (month < 10 ? "-0" : "-") + month);
            last = labels;
        }
        return labels;
    }
}
