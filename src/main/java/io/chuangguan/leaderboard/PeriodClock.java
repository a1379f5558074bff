package io.chuangguan.leaderboard;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

import io.chuangguan.common.Periods;

/** Period labels and their ends, in the configured zone. */
final class PeriodClock {

    private PeriodClock() {
    }

    static String label(Period period, Instant at, ZoneId zone) {
        return switch (period) {
            case ALL_TIME -> Periods.ALL_TIME;
            case WEEK -> Periods.week(at, zone);
            case MONTH -> Periods.month(at, zone);
        };
    }

    static Period periodOf(String label) {
        return Periods.ALL_TIME.equals(label) ? Period.ALL_TIME : label.contains("-W") ? Period.WEEK : Period.MONTH;
    }

    /** The first instant after the period, or null for all time. */
    static Instant end(String label, ZoneId zone) {
        return switch (periodOf(label)) {
            case ALL_TIME -> null;
            case WEEK -> {
                int year = Integer.parseInt(label.substring(0, 4));
                int week = Integer.parseInt(label.substring(6));
                LocalDate monday = LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield monday.plusWeeks(1).atStartOfDay(zone).toInstant();
            }
            case MONTH -> LocalDate.parse(label + "-01").plusMonths(1).atStartOfDay(zone).toInstant();
        };
    }
}
