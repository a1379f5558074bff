package io.chuangguan.union;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

import io.chuangguan.common.DomainException;
import io.chuangguan.common.Violation;

/**
 * A period of the union's figures, in local days (Asia/Shanghai), inclusive. A day, ISO week, month, quarter or year
 * has a {@code label} under which the roll-ups keep it, so its distinct active workers are read, not counted; a range
 * that is exactly one of those is read the same way, any other is counted from the workers' day rows.
 */
public record Span(Kind kind, String label, LocalDate from, LocalDate to) {

    public enum Kind { DAY, WEEK, MONTH, QUARTER, YEAR, RANGE }

    static final int MAX_RANGE_DAYS = 366;

    /** Whether the roll-ups keep this period under one label. */
    boolean labelled() {
        return kind != Kind.RANGE;
    }

    /** The labels to sum the additive figures over: the label, or every day of a range. */
    List<String> periods() {
        return labelled() ? List.of(label) : days();
    }

    List<String> days() {
        List<String> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            days.add(d.toString());
        }
        return days;
    }

    /** The months the span touches ('2026-11'): weak points are kept by month. */
    List<String> months() {
        List<String> months = new ArrayList<>();
        for (LocalDate d = from.withDayOfMonth(1); !d.isAfter(to); d = d.plusMonths(1)) {
            months.add(monthLabel(d));
        }
        return months;
    }

    long dayCount() {
        return to.toEpochDay() - from.toEpochDay() + 1;
    }

    static Span of(Kind kind, LocalDate at) {
        return switch (kind) {
            case DAY -> new Span(kind, at.toString(), at, at);
            case WEEK -> {
                LocalDate monday = at.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                int week = at.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                yield new Span(kind, at.get(IsoFields.WEEK_BASED_YEAR) + (week < 10 ? "-W0" : "-W") + week, monday, monday.plusDays(6));
            }
            case MONTH -> new Span(kind, monthLabel(at), at.withDayOfMonth(1), at.with(TemporalAdjusters.lastDayOfMonth()));
            case QUARTER -> {
                int q = (at.getMonthValue() - 1) / 3;
                LocalDate first = LocalDate.of(at.getYear(), q * 3 + 1, 1);
                yield new Span(kind, at.getYear() + "-Q" + (q + 1), first, first.plusMonths(3).minusDays(1));
            }
            case YEAR -> new Span(kind, String.valueOf(at.getYear()), at.withDayOfYear(1), at.with(TemporalAdjusters.lastDayOfYear()));
            case RANGE -> throw new IllegalArgumentException("a range has two ends");
        };
    }

    /** A range, read as the labelled period it is exactly, if it is one. */
    static Span range(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw invalid("to", "must not be before from");
        }
        if (to.toEpochDay() - from.toEpochDay() + 1 > MAX_RANGE_DAYS) {
            throw invalid("to", "a range is at most " + MAX_RANGE_DAYS + " days");
        }
        for (Kind kind : List.of(Kind.DAY, Kind.WEEK, Kind.MONTH, Kind.QUARTER, Kind.YEAR)) {
            Span exact = of(kind, from);
            if (exact.from().equals(from) && exact.to().equals(to)) {
                return exact;
            }
        }
        return new Span(Kind.RANGE, from + "~" + to, from, to);
    }

    /** The period a request names: {@code period} (default MONTH) around {@code at} (default today), or a range. */
    static Span parse(String period, String at, String from, String to, LocalDate today) {
        Kind kind;
        try {
            kind = period == null || period.isBlank() ? Kind.MONTH : Kind.valueOf(period);
        } catch (IllegalArgumentException e) {
            throw invalid("period", "must be DAY, WEEK, MONTH, QUARTER, YEAR or RANGE");
        }
        if (kind == Kind.RANGE) {
            if (from == null || to == null) {
                throw invalid(from == null ? "from" : "to", "a range needs from and to (YYYY-MM-DD)");
            }
            Span range = range(date(from, "from"), date(to, "to"));
            return range;
        }
        return of(kind, at == null || at.isBlank() ? today : date(at, "at"));
    }

    static LocalDate date(String value, String field) {
        try {
            LocalDate date = LocalDate.parse(value);
            if (date.getYear() < 2000 || date.getYear() > 2100) {
                throw invalid(field, "must be a date between 2000 and 2100");
            }
            return date;
        } catch (DateTimeParseException e) {
            throw invalid(field, "must be a date (YYYY-MM-DD)");
        }
    }

    static String monthLabel(LocalDate d) {
        return d.getYear() + (d.getMonthValue() < 10 ? "-0" : "-") + d.getMonthValue();
    }

    static DomainException invalid(String field, String message) {
        return new DomainException(400, "validation", "Invalid request", "The request has invalid fields",
                List.of(new Violation(field, message)));
    }
}
