package io.chuangguan.union;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.chuangguan.union.UnitDirectory.PathStep;

/** What the union's endpoints answer. */
public final class UnionViews {

    private UnionViews() {
    }

    public record PeriodView(Span.Kind kind, String label, LocalDate from, LocalDate to) {
        static PeriodView of(Span span) {
            return new PeriodView(span.kind(), span.label(), span.from(), span.to());
        }
    }

    /**
     * The figures of a unit in a period. {@code participationRate}: active / registered (null without registered
     * workers); {@code averageScore}: of the CHALLENGE runs; {@code examReached}: workers who ran an exam level of the
     * grade; {@code promotions}: by route.
     */
    public record Figures(long registered, long active, Double participationRate, long challengeRuns, long practiceRuns,
            long levelsPassed, Double averageScore, long points, Map<String, Long> examReached, Map<String, Long> promotions,
            long contestEntries) {
    }

    public record ScopeView(UnitRef unit, List<PathStep> path, String childKind) {
    }

    public record Baseline(UnitRef unit, Figures figures) {
    }

    public record FiguresView(UnitRef unit, List<PathStep> path, String childKind, PeriodView period, Figures figures, Baseline baseline) {
    }

    /** A row of a breakdown: the unit (or industry, trade, size class) and its figures; {@code drill}: the unit to open. */
    public record BreakdownRow(UnitRef unit, Figures figures, String drill) {
    }

    public record Extreme(String name, Double rate) {
    }

    /** The unevenness of the rows' participation rates: highest, lowest, mean and coefficient of variation. */
    public record Spread(Extreme highest, Extreme lowest, Double mean, Double cv, int units) {
    }

    public record BreakdownView(String by, PeriodView period, List<BreakdownRow> rows, long total, int page, int size, Spread spread) {
    }

    public record SizeCoverage(String sizeClass, long enterprises, long covered, Double rate) {
    }

    public record Uncovered(UnitRef enterprise, String region, String sizeClass, long registered) {
    }

    public record CoverageTotal(long enterprises, long covered, Double rate) {
    }

    public record CoverageView(PeriodView period, List<SizeCoverage> bySize, CoverageTotal total,
            io.chuangguan.common.PageView<Uncovered> uncovered) {
    }

    public record TrendDay(LocalDate date, long active, long runs, Double rate) {
    }

    public record TrendView(List<TrendDay> days, List<TrendDay> baseline, UnitRef baselineUnit) {
    }

    public record Named(long id, String name) {
    }

    public record WeakPoint(Named knowledgePoint, Named trade, long answered, long wrong, double errorRate, Double provinceErrorRate) {
    }

    public record WeakPointsView(PeriodView period, List<WeakPoint> items) {
    }

    public record WeakQuestion(long questionId, String ref, String stem, String type, long answered, long wrong, double errorRate) {
    }

    public record WeakQuestionsView(Named knowledgePoint, List<WeakQuestion> items) {
    }

    public record WorkerRow(long accountId, String name, String phone, String team, String trade, Integer grade, long challengeRuns,
            long practiceRuns, long levelsPassed, Double averageScore, long points, Instant lastRunAt) {
    }
}
