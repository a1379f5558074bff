package io.chuangguan.union;

import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.Caller;
import io.chuangguan.union.TargetService.TargetView;
import io.chuangguan.union.UnionViews.BreakdownRow;
import io.chuangguan.union.UnionViews.CoverageView;
import io.chuangguan.union.UnionViews.Figures;
import io.chuangguan.union.UnionViews.FiguresView;
import io.chuangguan.union.UnionViews.WeakPointsView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * The monthly report of a unit, to print from the browser on A4 and send to the province: the figures against the
 * parent's, the units below ranked, the coverage, the weak points and the targets. Charts are inline SVG drawn here,
 * so the page prints the same everywhere and needs no script.
 */
@Path("/api/union/report")
@RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
public class MonthlyReport {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance report(Report report);
    }

    /** A bar of a chart: its label, the value as printed and its length in percent of the chart's width. */
    public record Bar(String label, String value, double width, double baselineWidth) {
    }

    public record Kpi(String name, String value, String baseline) {
    }

    public record TargetLine(String unit, String metric, String value, String current, String progress, String status, String statusClass) {
    }

    public record Report(String unit, String month, String from, String to, String generatedAt, String baselineName, List<Kpi> kpis,
            List<Bar> ranking, String spread, List<Bar> coverage, String coverageTotal, List<String> uncovered, long uncoveredCount,
            List<Bar> weakPoints, String trendPoints, String trendMax, List<TargetLine> targets) {
    }

    private final Caller caller;
    private final UnitDirectory units;
    private final FiguresService figures;
    private final TargetService targets;
    private final AppConfig config;

    public MonthlyReport(Caller caller, UnitDirectory units, FiguresService figures, TargetService targets, AppConfig config) {
        this.caller = caller;
        this.units = units;
        this.figures = figures;
        this.targets = targets;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> report(@RestQuery String unit, @RestQuery String month) {
        YearMonth ym;
        try {
            ym = month == null || month.isBlank() ? YearMonth.from(figures.today()) : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw Span.invalid("month", "must be a month (YYYY-MM)");
        }
        if (ym.getYear() < 2000 || ym.getYear() > 2100) {
            throw Span.invalid("month", "must be a month between 2000 and 2100");
        }
        Span span = Span.of(Span.Kind.MONTH, ym.atDay(1));
        return units.resolve(caller, unit).chain(placed -> {
            Uni<FiguresView> own = figures.figures(placed, span);
            Uni<List<BreakdownRow>> ranking = placed.unit().kind() == UnitRef.Kind.TEAM ? Uni.createFrom().item(List.of())
                    : figures.breakdownRows(placed, span, FiguresService.By.CHILD, FiguresService.SortBy.participationRate, false);
            Uni<CoverageView> coverage = placed.unit().kind() == UnitRef.Kind.TEAM ? Uni.createFrom().nullItem()
                    : figures.coverage(placed, span, null, new io.chuangguan.common.Paging(0, 15));
            Uni<WeakPointsView> weak = figures.weakPoints(placed, span, 10);
            Uni<TargetService.TargetsView> goals = targets.targets(caller, placed.unit().key());
            Uni<UnionViews.TrendView> trend = figures.trend(placed, 30);
            return Uni.combine().all().unis(own, ranking, coverage, weak, goals, trend).asTuple()
                    .map(t -> Templates.report(build(t.getItem1(), t.getItem2(), t.getItem3(), t.getItem4(), t.getItem5(), t.getItem6(), ym)));
        });
    }

    private Report build(FiguresView view, List<BreakdownRow> ranking, CoverageView coverage, WeakPointsView weak,
            TargetService.TargetsView goals, UnionViews.TrendView trend, YearMonth month) {
        Figures f = view.figures();
        Figures b = view.baseline() == null ? null : view.baseline().figures();
        List<Kpi> kpis = List.of(new Kpi("注册职工", n(f.registered()), b == null ? "" : n(b.registered())),
                new Kpi("活跃职工", n(f.active()), b == null ? "" : n(b.active())),
                new Kpi("参与率", pct(f.participationRate()), b == null ? "" : pct(b.participationRate())),
                new Kpi("闯关次数", n(f.challengeRuns()), b == null ? "" : n(b.challengeRuns())),
                new Kpi("练习次数", n(f.practiceRuns()), b == null ? "" : n(b.practiceRuns())),
                new Kpi("通关关卡", n(f.levelsPassed()), b == null ? "" : n(b.levelsPassed())),
                new Kpi("平均分", f.averageScore() == null ? "—" : String.valueOf(f.averageScore()),
                        b == null || b.averageScore() == null ? "" : String.valueOf(b.averageScore())),
                new Kpi("积分", n(f.points()), b == null ? "" : n(b.points())),
                new Kpi("晋级（线上考核／竞赛）", f.promotions().get("ONLINE_EXAM") + "／" + f.promotions().get("CONTEST"),
                        b == null ? "" : b.promotions().get("ONLINE_EXAM") + "／" + b.promotions().get("CONTEST")));
        List<Bar> rankingBars = ranking.stream().limit(30).map(r -> new Bar(r.unit().name(), pct(r.figures().participationRate()),
                width(r.figures().participationRate()), 0)).toList();
        UnionViews.Spread spread = FiguresService.spread(ranking);
        String spreadText = spread.units() == 0 ? "" : "最高 " + spread.highest().name() + " " + pct(spread.highest().rate()) + "，最低 "
                + spread.lowest().name() + " " + pct(spread.lowest().rate()) + "，变异系数 "
                + (spread.cv() == null ? "—" : String.format(Locale.ROOT, "%.2f", spread.cv()));
        List<Bar> coverageBars = coverage == null ? List.of() : coverage.bySize().stream().map(s -> new Bar(
                FiguresService.SIZE_NAMES.get(s.sizeClass()) + "企业", s.covered() + "／" + s.enterprises() + "（" + pct(s.rate()) + "）",
                width(s.rate()), 0)).toList();
        List<Bar> weakBars = weak.items().stream().map(w -> new Bar(w.knowledgePoint().name() + "（" + w.trade().name() + "）",
                pct(w.errorRate()) + (w.provinceErrorRate() == null ? "" : "，全省 " + pct(w.provinceErrorRate())), width(w.errorRate()),
                w.provinceErrorRate() == null ? 0 : width(w.provinceErrorRate()))).toList();
        List<TargetLine> lines = new ArrayList<>();
        for (TargetView t : concat(goals.set(), goals.mine())) {
            lines.add(new TargetLine(t.unit().name(), UnionResource.METRIC_NAMES.get(t.metric()), value(t.metric(), t.value()),
                    value(t.metric(), t.current()), pct(t.shareReached()) + "／时间 " + pct(t.shareElapsed()),
                    UnionResource.STATUS_NAMES.get(t.status()), t.status().name().toLowerCase()));
        }
        long max = Math.max(1, trend.days().stream().mapToLong(UnionViews.TrendDay::active).max().orElse(1));
        return new Report(view.unit().name(), month.getYear() + "年" + month.getMonthValue() + "月", view.period().from().toString(),
                view.period().to().toString(), ZonedDateTime.now(config.zone()).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
                view.baseline() == null ? null : view.baseline().unit().name(), kpis, rankingBars, spreadText, coverageBars,
                coverage == null ? "" : coverage.total().covered() + "／" + coverage.total().enterprises() + " 家企业有活跃职工（"
                        + pct(coverage.total().rate()) + "）",
                coverage == null ? List.of() : coverage.uncovered().items().stream().map(u -> u.enterprise().name() + "（"
                        + FiguresService.SIZE_NAMES.get(u.sizeClass()) + "，" + u.registered() + "人）").toList(),
                coverage == null ? 0 : coverage.uncovered().total(), weakBars, points(trend.days(), max),
                n(max), lines);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The polyline of daily active workers in a 600 × 120 box. */
    private static String points(List<UnionViews.TrendDay> days, long max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < days.size(); i++) {
            double x = days.size() == 1 ? 0 : 600.0 * i / (days.size() - 1);
            double y = 120 - 110.0 * days.get(i).active() / max;
            s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return s.toString().trim();
    }

    private static String value(TargetService.Metric metric, double v) {
        return metric == TargetService.Metric.PARTICIPATION_RATE || metric == TargetService.Metric.SMALL_COVERAGE ? pct(v) : n(Math.round(v));
    }

    private static double width(Double rate) {
        return rate == null ? 0 : Math.max(0, Math.min(100, rate * 100));
    }

    static String pct(Double rate) {
        return rate == null ? "—" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    static String n(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
