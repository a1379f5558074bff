package io.chuangguan.union;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.PageView;
import io.chuangguan.common.Paging;
import io.chuangguan.union.FiguresService.By;
import io.chuangguan.union.FiguresService.SortBy;
import io.chuangguan.union.FiguresService.WorkerSort;
import io.chuangguan.union.TargetService.TargetView;
import io.chuangguan.union.UnionSheets.Column;
import io.chuangguan.union.UnionViews.BreakdownRow;
import io.chuangguan.union.UnionViews.BreakdownView;
import io.chuangguan.union.UnionViews.CoverageView;
import io.chuangguan.union.UnionViews.Figures;
import io.chuangguan.union.UnionViews.FiguresView;
import io.chuangguan.union.UnionViews.ScopeView;
import io.chuangguan.union.UnionViews.TrendView;
import io.chuangguan.union.UnionViews.Uncovered;
import io.chuangguan.union.UnionViews.WeakPointsView;
import io.chuangguan.union.UnionViews.WeakQuestionsView;
import io.chuangguan.union.UnionViews.WorkerRow;
import io.smallrye.mutiny.Uni;

/**
 * The union's figures, targets and notices (the union pages of the console). Every request is about a unit in the
 * caller's scope (404 beyond it) and a period; every table also comes as .xlsx with the same filters.
 */
@Path("/api/union")
@RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
public class UnionResource {

    /** An export holds every row of the table: a province's enterprises, an enterprise's workers. */
    private static final int EXPORT_ROWS = 100_000;

    private final Caller caller;
    private final UnitDirectory units;
    private final FiguresService figures;
    private final TargetService targets;
    private final NoticeService notices;
    private final AppConfig config;

    public UnionResource(Caller caller, UnitDirectory units, FiguresService figures, TargetService targets, NoticeService notices,
            AppConfig config) {
        this.caller = caller;
        this.units = units;
        this.figures = figures;
        this.targets = targets;
        this.notices = notices;
        this.config = config;
    }

    /** The caller's own unit and its breadcrumb. */
    @GET
    @Path("/scope")
    public Uni<ScopeView> scope() {
        return units.resolve(caller, null).map(p -> new ScopeView(p.unit(), p.path(), FiguresService.childKind(p)));
    }

    @GET
    @Path("/figures")
    public Uni<FiguresView> figures(@BeanParam PeriodParams params) {
        Span span = params.span(figures.today());
        return units.resolve(caller, params.unit).chain(placed -> figures.figures(placed, span));
    }

    @GET
    @Path("/breakdown")
    public Uni<BreakdownView> breakdown(@BeanParam PeriodParams params, @RestQuery By by, @RestQuery SortBy sort,
            @RestQuery @Pattern(regexp = "asc|desc", message = "must be asc or desc") String order, @RestQuery Integer page,
            @RestQuery Integer size) {
        Span span = params.span(figures.today());
        Paging paging = Paging.of(page, size);
        return units.resolve(caller, params.unit)
                .chain(placed -> figures.breakdown(placed, span, by == null ? By.CHILD : by, sort, "asc".equals(order), paging));
    }

    @GET
    @Path("/breakdown.xlsx")
    @Produces(UnionSheets.MEDIA_TYPE)
    public Uni<RestResponse<byte[]>> breakdownSheet(@BeanParam PeriodParams params, @RestQuery By by, @RestQuery SortBy sort,
            @RestQuery @Pattern(regexp = "asc|desc", message = "must be asc or desc") String order) {
        Span span = params.span(figures.today());
        By dimension = by == null ? By.CHILD : by;
        return units.resolve(caller, params.unit).chain(placed -> figures.breakdownRows(placed, span, dimension, sort, "asc".equals(order))
                .emitOn(workers()).map(rows -> {
                    List<Column> columns = new ArrayList<>(List.of(Column.text(BY_NAMES.get(dimension), 30)));
                    columns.addAll(FIGURE_COLUMNS);
                    List<List<Object>> lines = rows.stream().map(r -> {
                        List<Object> line = new ArrayList<>();
                        line.add(r.unit().name());
                        line.addAll(figureCells(r.figures()));
                        return line;
                    }).toList();
                    return attachment(UnionSheets.write("参与情况", title(placed.unit().name(), span, "按" + BY_NAMES.get(dimension)), columns, lines,
                            config.zone()), "参与情况-" + placed.unit().name() + "-" + span.label() + ".xlsx");
                }));
    }

    static final Map<By, String> BY_NAMES = Map.of(By.CHILD, "下级单位", By.ENTERPRISE, "企业", By.TEAM, "班组", By.INDUSTRY, "行业",
            By.TRADE, "工种", By.SIZE, "企业规模");

    private static final List<Column> FIGURE_COLUMNS = List.of(Column.number("注册职工"), Column.number("活跃职工"), Column.rate("参与率"),
            Column.number("闯关次数"), Column.number("练习次数"), Column.number("通关关卡"), Column.number("平均分"), Column.number("积分"));

    private static List<Object> figureCells(Figures f) {
        List<Object> cells = new ArrayList<>();
        cells.add(f.registered());
        cells.add(f.active());
        cells.add(f.participationRate());
        cells.add(f.challengeRuns());
        cells.add(f.practiceRuns());
        cells.add(f.levelsPassed());
        cells.add(f.averageScore());
        cells.add(f.points());
        return cells;
    }

    private static String title(String unit, Span span, String what) {
        return unit + " · " + span.label() + "（" + span.from() + " 至 " + span.to() + "）· " + what;
    }

    @GET
    @Path("/coverage")
    public Uni<CoverageView> coverage(@BeanParam PeriodParams params,
            @RestQuery @Pattern(regexp = "LARGE|MEDIUM|SMALL|MICRO", message = "must be LARGE, MEDIUM, SMALL or MICRO") String sizeClass,
            @RestQuery Integer page, @RestQuery Integer size) {
        Span span = params.span(figures.today());
        Paging paging = Paging.of(page, size);
        return units.resolve(caller, params.unit).chain(placed -> figures.coverage(placed, span, sizeClass, paging));
    }

    @GET
    @Path("/coverage.xlsx")
    @Produces(UnionSheets.MEDIA_TYPE)
    public Uni<RestResponse<byte[]>> coverageSheet(@BeanParam PeriodParams params,
            @RestQuery @Pattern(regexp = "LARGE|MEDIUM|SMALL|MICRO", message = "must be LARGE, MEDIUM, SMALL or MICRO") String sizeClass) {
        Span span = params.span(figures.today());
        return units.resolve(caller, params.unit).chain(placed -> figures.coverage(placed, span, sizeClass, new Paging(0, EXPORT_ROWS))
                .emitOn(workers()).map(view -> {
                    List<Column> columns = List.of(Column.text("企业", 36), Column.text("所在地区", 16), Column.text("规模", 8),
                            Column.number("注册职工"));
                    List<List<Object>> lines = view.uncovered().items().stream().map((Uncovered u) -> List.<Object>of(u.enterprise().name(),
                            u.region(), FiguresService.SIZE_NAMES.get(u.sizeClass()), u.registered())).toList();
                    return attachment(UnionSheets.write("未覆盖企业", title(placed.unit().name(), span, "无活跃职工的企业"), columns, lines,
                            config.zone()), "未覆盖企业-" + placed.unit().name() + "-" + span.label() + ".xlsx");
                }));
    }

    @GET
    @Path("/trend")
    public Uni<TrendView> trend(@RestQuery String unit, @RestQuery @Min(value = 7, message = "must be 7 to 366")
            @Max(value = 366, message = "must be 7 to 366") Integer days) {
        return units.resolve(caller, unit).chain(placed -> figures.trend(placed, days == null ? 90 : days));
    }

    @GET
    @Path("/weak-points")
    public Uni<WeakPointsView> weakPoints(@BeanParam PeriodParams params,
            @RestQuery @Min(value = 1, message = "must be 1 to 100") @Max(value = 100, message = "must be 1 to 100") Integer limit) {
        Span span = params.span(figures.today());
        return units.resolve(caller, params.unit).chain(placed -> figures.weakPoints(placed, span, limit == null ? 10 : limit));
    }

    @GET
    @Path("/weak-points/{knowledgePointId}/questions")
    public Uni<WeakQuestionsView> weakQuestions(@RestPath long knowledgePointId, @BeanParam PeriodParams params) {
        Span span = params.span(figures.today());
        return units.resolve(caller, params.unit).chain(placed -> figures.weakQuestions(placed, span, knowledgePointId));
    }

    @GET
    @Path("/weak-points.xlsx")
    @Produces(UnionSheets.MEDIA_TYPE)
    public Uni<RestResponse<byte[]>> weakPointsSheet(@BeanParam PeriodParams params) {
        Span span = params.span(figures.today());
        return units.resolve(caller, params.unit).chain(placed -> figures.weakPoints(placed, span, 100).emitOn(workers()).map(view -> {
            List<Column> columns = List.of(Column.text("知识点", 24), Column.text("工种", 14), Column.number("作答次数"), Column.number("答错次数"),
                    Column.rate("错误率"), Column.rate("全省错误率"));
            List<List<Object>> lines = view.items().stream().map(w -> java.util.Arrays.<Object>asList(w.knowledgePoint().name(), w.trade().name(),
                    w.answered(), w.wrong(), w.errorRate(), w.provinceErrorRate())).toList();
            return attachment(UnionSheets.write("薄弱知识点", title(placed.unit().name(), span, "薄弱知识点（按月统计）"), columns, lines,
                    config.zone()), "薄弱知识点-" + placed.unit().name() + "-" + span.label() + ".xlsx");
        }));
    }

    @GET
    @Path("/workers")
    public Uni<PageView<WorkerRow>> workers(@BeanParam PeriodParams params, @RestQuery String q, @RestQuery WorkerSort sort,
            @RestQuery Integer page, @RestQuery Integer size) {
        Span span = params.span(figures.today());
        Paging paging = Paging.of(page, size);
        checkQuery(q);
        return units.resolve(caller, params.unit).chain(placed -> figures.workers(placed, span, q, sort, paging));
    }

    @GET
    @Path("/workers.xlsx")
    @Produces(UnionSheets.MEDIA_TYPE)
    public Uni<RestResponse<byte[]>> workersSheet(@BeanParam PeriodParams params, @RestQuery String q, @RestQuery WorkerSort sort) {
        Span span = params.span(figures.today());
        checkQuery(q);
        return units.resolve(caller, params.unit).chain(placed -> figures.workers(placed, span, q, sort, new Paging(0, EXPORT_ROWS))
                .emitOn(workers()).map(view -> {
                    List<Column> columns = List.of(Column.text("姓名", 10), Column.text("手机号", 14), Column.text("班组", 14),
                            Column.text("工种", 12), Column.number("技能等级"), Column.number("闯关次数"), Column.number("练习次数"),
                            Column.number("通关关卡"), Column.number("平均分"), Column.number("积分"), Column.text("最近闯关", 18));
                    List<List<Object>> lines = view.items().stream().map(w -> java.util.Arrays.<Object>asList(w.name(), w.phone(), w.team(),
                            w.trade(), w.grade(), w.challengeRuns(), w.practiceRuns(), w.levelsPassed(), w.averageScore(), w.points(),
                            w.lastRunAt())).toList();
                    return attachment(UnionSheets.write("职工", title(placed.unit().name(), span, "职工参与情况"), columns, lines, config.zone()),
                            "职工-" + placed.unit().name() + "-" + span.label() + ".xlsx");
                }));
    }

    private static void checkQuery(String q) {
        if (q != null && q.length() > 32) {
            throw Span.invalid("q", "at most 32 characters");
        }
    }

    // ---------------------------------------------------------------- targets

    @GET
    @Path("/targets")
    public Uni<TargetService.TargetsView> targets(@RestQuery String unit) {
        return targets.targets(caller, unit);
    }

    @POST
    @Path("/targets")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> createTarget(TargetService.NewTarget request) {
        if (request == null) {
            throw DomainException.unprocessable("The target is not valid", List.of(new io.chuangguan.common.Violation("body", "must not be empty")));
        }
        return targets.create(caller, request).map(t -> Response.status(201).entity(t).build());
    }

    @DELETE
    @Path("/targets/{id}")
    public Uni<Response> deleteTarget(@RestPath long id) {
        return targets.delete(caller, id).map(v -> Response.noContent().build());
    }

    public record FollowUpRequest(String note) {
    }

    @POST
    @Path("/targets/{id}/follow-ups")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> followUp(@RestPath long id, FollowUpRequest request) {
        return targets.followUp(caller, id, request == null ? null : request.note()).map(t -> Response.status(201).entity(t).build());
    }

    public record SupervisionView(List<TargetView> items) {
    }

    @GET
    @Path("/supervision")
    public Uni<SupervisionView> supervision(@RestQuery String unit) {
        return targets.supervision(caller, unit).map(SupervisionView::new);
    }

    @GET
    @Path("/targets.xlsx")
    @Produces(UnionSheets.MEDIA_TYPE)
    public Uni<RestResponse<byte[]>> targetsSheet(@RestQuery String unit) {
        return targets.targets(caller, unit).emitOn(workers()).map(view -> targetSheet("目标", "下达的目标", view.set()));
    }

    @GET
    @Path("/supervision.xlsx")
    @Produces(UnionSheets.MEDIA_TYPE)
    public Uni<RestResponse<byte[]>> supervisionSheet(@RestQuery String unit) {
        return targets.supervision(caller, unit).emitOn(workers()).map(list -> targetSheet("督办", "督办清单（进度落后的目标）", list));
    }

    static final Map<TargetService.Metric, String> METRIC_NAMES = Map.of(TargetService.Metric.PARTICIPATION_RATE, "参与率",
            TargetService.Metric.ACTIVE_WORKERS, "活跃职工数", TargetService.Metric.LEVELS_PASSED, "通关关卡数",
            TargetService.Metric.PROMOTIONS, "晋级人数", TargetService.Metric.SMALL_COVERAGE, "小微企业覆盖率");
    static final Map<TargetService.Status, String> STATUS_NAMES = Map.of(TargetService.Status.DONE, "已完成", TargetService.Status.GREEN,
            "正常", TargetService.Status.AMBER, "预警", TargetService.Status.RED, "落后", TargetService.Status.MISSED, "未完成");

    private RestResponse<byte[]> targetSheet(String name, String what, List<TargetView> list) {
        List<Column> columns = List.of(Column.text("单位", 24), Column.text("指标", 14), Column.number("目标值"), Column.number("当前值"),
                Column.rate("完成进度"), Column.rate("时间进度"), Column.text("状态", 8), Column.text("起始", 12), Column.text("截止", 12),
                Column.text("督办记录", 48));
        List<List<Object>> lines = list.stream().map(t -> java.util.Arrays.<Object>asList(t.unit().name(), METRIC_NAMES.get(t.metric()), t.value(),
                t.current(), t.shareReached(), t.shareElapsed(), STATUS_NAMES.get(t.status()), t.startsOn(), t.deadline(),
                String.join("；", t.followUps().stream().map(f -> f.by() + "：" + f.note()).toList()))).toList();
        return attachment(UnionSheets.write(name, what + " · " + figures.today(), columns, lines, config.zone()), name + "-" + figures.today() + ".xlsx");
    }

    // ---------------------------------------------------------------- notices

    @POST
    @Path("/notices")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> send(NoticeService.NewNotice request) {
        if (request == null) {
            throw DomainException.unprocessable("The notice is not valid", List.of(new io.chuangguan.common.Violation("body", "must not be empty")));
        }
        return notices.send(caller, request).map(created -> Response.status(201).entity(created).build());
    }

    @GET
    @Path("/notices")
    public Uni<PageView<NoticeService.SentNotice>> sent(@RestQuery Integer page, @RestQuery Integer size) {
        return notices.sent(caller, Paging.of(page, size));
    }

    /** Writing a sheet (zipping up to 100,000 rows) is blocking work: it goes to a worker thread, off the event loop. */
    private static java.util.concurrent.Executor workers() {
        return io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool();
    }

    static RestResponse<byte[]> attachment(byte[] bytes, String name) {
        String ascii = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return RestResponse.ResponseBuilder.ok(bytes, UnionSheets.MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
                .build();
    }
}
