package io.chuangguan.union;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.AsyncCache;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.Caches;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.PageView;
import io.chuangguan.common.Paging;
import io.chuangguan.common.ReportReads;
import io.chuangguan.union.UnionViews.Baseline;
import io.chuangguan.union.UnionViews.BreakdownRow;
import io.chuangguan.union.UnionViews.BreakdownView;
import io.chuangguan.union.UnionViews.CoverageTotal;
import io.chuangguan.union.UnionViews.CoverageView;
import io.chuangguan.union.UnionViews.Extreme;
import io.chuangguan.union.UnionViews.Figures;
import io.chuangguan.union.UnionViews.FiguresView;
import io.chuangguan.union.UnionViews.Named;
import io.chuangguan.union.UnionViews.PeriodView;
import io.chuangguan.union.UnionViews.SizeCoverage;
import io.chuangguan.union.UnionViews.Spread;
import io.chuangguan.union.UnionViews.TrendDay;
import io.chuangguan.union.UnionViews.TrendView;
import io.chuangguan.union.UnionViews.Uncovered;
import io.chuangguan.union.UnionViews.WeakPoint;
import io.chuangguan.union.UnionViews.WeakPointsView;
import io.chuangguan.union.UnionViews.WeakQuestion;
import io.chuangguan.union.UnionViews.WeakQuestionsView;
import io.chuangguan.union.UnionViews.WorkerRow;
import io.chuangguan.union.UnitDirectory.Placed;
import io.chuangguan.union.UnitRef.Kind;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The union's figures, read from the roll-ups ({@link ActivityRollup}), never from the attempts. A region or an
 * enterprise reads its own rows of {@code activity_unit}; a team (and an enterprise's teams) reads its workers' rows of
 * {@code activity_worker}. A range that is no single day, week, month, quarter or year counts its distinct active
 * workers from the bit strings of their active days ({@code activity_days}).
 */
@ApplicationScoped
public class FiguresService {

    public static final List<String> SIZE_CLASSES = List.of("LARGE", "MEDIUM", "SMALL", "MICRO");
    static final Map<String, String> SIZE_NAMES = Map.of("LARGE", "大型", "MEDIUM", "中型", "SMALL", "小型", "MICRO", "微型");
    /** A knowledge point answered fewer times in the scope tells nothing about its weakness. */
    static final int MIN_ANSWERS = 10;

    /** What a breakdown is grouped by, as a key expression over each source table. */
    enum Dimension {
        /** the unit rows themselves (children, enterprises) */
        UNIT("au.unit_id::text", null, "ru.unit_id::text", null),
        TEAM(null, "coalesce(aw.team_id, 0)::text", null, "coalesce(wk.team_id, 0)::text"),
        TRADE("au.trade_id::text", "aw.trade_id::text", "ru.trade_id::text", "wk.trade_id::text"),
        INDUSTRY("t.industry_id::text", "t.industry_id::text", "t.industry_id::text", "t.industry_id::text"),
        SIZE("au.size_class", "ep.size_class", "ru.size_class", "ep.size_class"),
        ALL("''", "''", "''", "''");

        final String unitKey;
        final String workerKey;
        final String registeredKey;
        final String workerTableKey;

        Dimension(String unitKey, String workerKey, String registeredKey, String workerTableKey) {
            this.unitKey = unitKey;
            this.workerKey = workerKey;
            this.registeredKey = registeredKey;
            this.workerTableKey = workerTableKey;
        }

        String tradeJoin(String tradeColumn) {
            return this == INDUSTRY ? " join trade t on t.id = " + tradeColumn : "";
        }
    }

    /**
     * Which rows to read: unit rows ({@code letter} 'R' or 'E', {@code ids} of one level, {@code workerFilter} the
     * same units as a condition on {@code ep}/{@code aw} for distinct counts), or an enterprise's workers (optionally
     * one team).
     */
    record Source(String letter, List<Long> ids, String workerFilter, Long enterpriseId, Long teamId) {

        boolean workers() {
            return letter == null;
        }

        static Source units(String letter, List<Long> ids, String workerFilter) {
            return new Source(letter, ids, workerFilter, null, null);
        }

        static Source workers(long enterpriseId, Long teamId) {
            return new Source(null, List.of(), null, enterpriseId, teamId);
        }
    }

    /** Additive sums of one key. */
    record Sums(long active, long challengeRuns, long practiceRuns, long levelsPassed, long scoreSum, long scoredRuns, long points,
            long[] exam) {

        static final Sums ZERO = new Sums(0, 0, 0, 0, 0, 0, 0, new long[5]);

        Sums withActive(long distinct, long[] distinctExam) {
            return new Sums(distinct, challengeRuns, practiceRuns, levelsPassed, scoreSum, scoredRuns, points, distinctExam);
        }

        Figures figures(long registered, Map<String, Long> promotions, long contestEntries) {
            Map<String, Long> exam = new TreeMap<>(Comparator.reverseOrder());
            for (int g = 1; g <= 5; g++) {
                exam.put(String.valueOf(g), this.exam[g - 1]);
            }
            return new Figures(registered, active, registered == 0 ? null : (double) active / registered, challengeRuns, practiceRuns,
                    levelsPassed, scoredRuns == 0 ? null : round1((double) scoreSum / scoredRuns), points, exam, promotions, contestEntries);
        }
    }

    /** The readers' queries: on the replica when it keeps up. */
    private final Reader reads;
    /** The roll-up's recounts: on the primary, which has the fold it follows. */
    private final Reader primary;
    private final Clock clock;
    private final ZoneId zone;
    /**
     * The sums counted once per roll-up rather than per reader: a range's (it reads every active worker's row of the
     * year) and a period's over thousands of units (a province's enterprises: rows scattered over a page each).
     */
    private final AsyncCache<CountKey, Map<String, Sums>> counted;

    public FiguresService(Pool pool, ReportReads reads, Clock clock, AppConfig config, MeterRegistry metrics) {
        this.reads = reads::query;
        this.primary = (sql, arguments) -> pool.preparedQuery(sql).execute(arguments);
        this.clock = clock;
        this.zone = config.zone();
        // refreshed by every roll-up while read (foldedAgain); kept no longer than the figures may trail the attempts.
        // Weighed by keys: a province's ranking holds 40,000 of about 200 bytes each, so 500,000 keys are ~100 MB.
        this.counted = Caches.weighed("union-counts", COUNTED_KEYS, (key, sums) -> Math.max(1, sums.size()), Duration.ofMinutes(2),
                metrics);
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    // ---------------------------------------------------------------- sources and sums

    /** The rows of the unit itself. */
    static Source sourceOf(Placed placed) {
        UnitRef unit = placed.unit();
        return switch (unit.kind()) {
            case REGION -> Source.units("R", List.of(unit.id()), regionColumn(placed.region().level()) + " = any($2)");
            case ENTERPRISE -> Source.units("E", List.of(unit.id()), "aw.enterprise_id = any($2)");
            default -> Source.workers(placed.enterpriseId(), unit.id());
        };
    }

    static String regionColumn(String level) {
        return switch (level) {
            case "PROVINCE" -> "ep.province_id";
            case "CITY" -> "ep.city_id";
            default -> "ep.county_id";
        };
    }

    /** The sums per key of the source in the span (distinct workers exact for a range too). */
    Uni<Map<String, Sums>> sums(Source source, Dimension dim, Span span) {
        if (source.workers()) {
            return workerSums(source, dim, span.periods());
        }
        if (span.labelled() && !everyUnit(source, dim)) {
            return unitSums(source, dim, span);
        }
        // a day's actives add up to more than the range's: count the range's distinct workers from their days' bits;
        // a period of every enterprise reads one row per enterprise, each on a page of its own (0.7 s at 40,000).
        // Both once per roll-up (see foldedAgain)
        CountKey key = new CountKey(source, dim, span);
        readSinceFold.add(key);
        return Caches.get(counted, key, k -> count(reads, k));
    }

    /** The most keys the counted sums hold together (see the constructor). */
    static final long COUNTED_KEYS = 500_000;

    private Uni<Map<String, Sums>> count(Reader reads, CountKey key) {
        return key.span().labelled() ? unitSums(reads, key.source(), key.dim(), key.span()) : countRange(reads, key);
    }

    /** Runs a query somewhere. */
    @FunctionalInterface
    interface Reader {
        Uni<RowSet<Row>> query(String sql, Tuple arguments);
    }

    private Uni<Map<String, Sums>> unitSums(Source source, Dimension dim, Span span) {
        return unitSums(reads, source, dim, span);
    }

    private Uni<Map<String, Sums>> unitSums(Reader reads, Source source, Dimension dim, Span span) {
        String sql = "select " + dim.unitKey + " as k, sum(active), sum(challenge_runs), sum(practice_runs), sum(levels_passed),"
                + " sum(score_sum), sum(scored_runs), sum(points), sum(exam_reached[1]), sum(exam_reached[2]), sum(exam_reached[3]),"
                + " sum(exam_reached[4]), sum(exam_reached[5]) from activity_unit au" + dim.tradeJoin("au.trade_id")
                + " where au.unit_kind = $1 and " + units(source, dim, "au") + " and au.period = any($3) group by 1";
        return reads.query(sql, Tuple.of(source.letter(), source.ids().toArray(Long[]::new), span.periods().toArray(String[]::new)))
                .map(FiguresService::sumsByKey);
    }

    /** A range's sums with its distinct workers (and exam reachers) counted over the whole range. */
    private Uni<Map<String, Sums>> countRange(Reader reads, CountKey key) {
        return unitSums(reads, key.source(), key.dim(), key.span()).chain(byKey -> distinctInRange(reads, key.source(), key.dim(), key.span())
                .map(distinct -> {
                    Map<String, Sums> exact = new HashMap<>(byKey);
                    distinct.forEach((k, counts) -> exact.put(k, exact.getOrDefault(k, Sums.ZERO).withActive(counts[0],
                            java.util.Arrays.copyOfRange(counts, 1, 6))));
                    return exact;
                }));
    }

    record CountKey(Source source, Dimension dim, Span span) {
    }

    /** The counted sums read since the last roll-up: the next one recounts them, the others are forgotten. */
    private final Set<CountKey> readSinceFold = ConcurrentHashMap.newKeySet();

    /**
     * After every roll-up of this instance's job (whichever instance folded): the counted sums someone read since the
     * last one are recounted, one after another, while their readers keep getting the figures of the roll-up before
     * (at most one roll-up old, and never a 0.4 s count of a province's year in front of a reader); the ones nobody
     * read are forgotten.
     */
    public Uni<Void> foldedAgain() {
        List<CountKey> wanted = new ArrayList<>(readSinceFold);
        readSinceFold.removeAll(wanted);
        counted.synchronous().asMap().keySet().retainAll(wanted);
        return Multi.createFrom().iterable(wanted).onItem().transformToUniAndConcatenate(key -> count(primary, key)
                .invoke(figures -> counted.put(key, CompletableFuture.completedFuture(figures))).replaceWith(true)
                .onFailure().recoverWithItem(e -> {
                    counted.synchronous().invalidate(key); // counted afresh by its next reader
                    return false;
                })).collect().last().replaceWithVoid();
    }

    /** Forgets every counted sum, as if none had been read. */
    void forgetCounts() {
        readSinceFold.clear();
        counted.synchronous().invalidateAll();
    }

    /**
     * Per key: the distinct workers active in a range and those who ran each grade's exam levels in it, from the bit
     * strings of their days in the year ({@code activity_days}), two years when the range crosses New Year.
     */
    private Uni<Map<String, long[]>> distinctInRange(Reader reads, Source source, Dimension dim, Span span) {
        boolean twoYears = span.from().getYear() != span.to().getYear();
        Long[] ids = source.ids().toArray(Long[]::new);
        Tuple yearsAndMasks = twoYears
                ? Tuple.from(List.of((short) span.from().getYear(), ids, dayMask(span.from(), span.from().withMonth(12).withDayOfMonth(31)),
                        (short) span.to().getYear(), dayMask(span.to().withDayOfYear(1), span.to())))
                : Tuple.of((short) span.from().getYear(), ids, dayMask(span.from(), span.to()));
        String key = dim == Dimension.UNIT ? source.workerFilter().replace(" = any($2)", "") + "::text" : dim.workerKey;
        // thousands of enterprises: every one is counted and the keys asked for are kept (see units())
        boolean everyEnterprise = source.letter().equals("E") && units(source, dim, "aw").startsWith("$2");
        String filter = everyEnterprise ? "$2::bigint[] is not null" : source.workerFilter();
        String sql;
        if (twoYears) {
            // a worker has a row per year: counted distinct across the two, joined row by row
            String mask = "(case aw.year when $1 then $3::text::bit(366) else $5::text::bit(366) end)";
            StringBuilder counts = new StringBuilder(", count(distinct aw.account_id)");
            for (int g = 1; g <= 5; g++) {
                counts.append(", count(distinct aw.account_id) filter (where bit_count(aw.exam_g").append(g).append(" & ").append(mask)
                        .append(") > 0)");
            }
            sql = "select " + key + " as k" + counts + " from activity_days aw join enterprise_place ep on ep.enterprise_id = aw.enterprise_id"
                    + dim.tradeJoin("aw.trade_id") + " where " + filter + " and aw.year in ($1, $4)"
                    + " and bit_count(aw.days & " + mask + ") > 0 group by 1";
        } else {
            // one row per worker: counted per enterprise (and trade) in one pass over the year's rows, then the few
            // thousand sums joined to their units (a join row by row walked the enterprise index once per enterprise)
            boolean byTrade = dim == Dimension.TRADE || dim == Dimension.INDUSTRY;
            String mask = "$3::text::bit(366)";
            StringBuilder counts = new StringBuilder(", count(*) as n");
            StringBuilder sums = new StringBuilder(", sum(aw.n)::bigint");
            for (int g = 1; g <= 5; g++) {
                counts.append(", count(*) filter (where bit_count(aw.exam_g").append(g).append(" & ").append(mask).append(") > 0) as g").append(g);
                sums.append(", sum(aw.g").append(g).append(")::bigint");
            }
            String inEnterprises = source.letter().equals("E") && !everyEnterprise ? " and aw.enterprise_id = any($2)" : "";
            sql = "with per_enterprise as (select aw.enterprise_id" + (byTrade ? ", aw.trade_id" : "") + counts
                    + " from activity_days aw where aw.year = $1 and bit_count(aw.days & " + mask + ") > 0"
                    + inEnterprises + " group by aw.enterprise_id" + (byTrade ? ", aw.trade_id" : "") + ")"
                    + " select " + key + " as k" + sums + " from per_enterprise aw join enterprise_place ep on ep.enterprise_id = aw.enterprise_id"
                    + dim.tradeJoin("aw.trade_id") + " where " + filter + " group by 1";
        }
        return reads.query(sql, yearsAndMasks).map(rows -> {
            Map<String, long[]> byKey = new HashMap<>();
            for (Row r : rows) {
                long[] counts = new long[6];
                for (int i = 0; i < 6; i++) {
                    counts[i] = r.getLong(1 + i);
                }
                byKey.put(r.getString(0), counts);
            }
            return byKey;
        });
    }

    /** Above this many units, a breakdown by unit reads all the units of the kind and keeps the ones it asked for. */
    static int unitListLimit = 1_000;

    /**
     * The condition on the unit ids ({@code $2}). A breakdown of the province by enterprise asks for ten thousand:
     * {@code = any($2)} then searches the list for every row (0.3 s at 10,030), while every enterprise row of the
     * period comes in 40 ms; the rows of units not asked for are dropped by key afterwards. Only a breakdown by unit
     * may do that: in any other, each key sums several units.
     */
    static String units(Source source, Dimension dim, String alias) {
        return everyUnit(source, dim) ? "$2::bigint[] is not null" : alias + ".unit_id = any($2)";
    }

    /** Whether the sums are read for every unit of the kind (thousands asked for), not for the listed ones. */
    static boolean everyUnit(Source source, Dimension dim) {
        return dim == Dimension.UNIT && !source.workers() && source.ids().size() > unitListLimit;
    }

    /** The days {@code from}..{@code to} of one year as the bits of {@code activity_days.days} (bit 0 the 1st of January). */
    static String dayMask(LocalDate from, LocalDate to) {
        char[] bits = new char[366];
        java.util.Arrays.fill(bits, '0');
        for (int d = from.getDayOfYear(); d <= to.getDayOfYear(); d++) {
            bits[d - 1] = '1';
        }
        return new String(bits);
    }

    private static String examDistinct() {
        StringBuilder sql = new StringBuilder();
        for (int g = 1; g <= 5; g++) {
            sql.append(", count(distinct aw.account_id) filter (where aw.exam_grades & ").append(1 << g).append(" <> 0)");
        }
        return sql.toString();
    }

    private static long[] exam(Row r, int first) {
        long[] exam = new long[5];
        for (int g = 0; g < 5; g++) {
            exam[g] = r.getLong(first + g);
        }
        return exam;
    }

    private Uni<Map<String, Sums>> workerSums(Source source, Dimension dim, List<String> periods) {
        String sql = "select " + dim.workerKey + " as k, count(distinct aw.account_id), sum(challenge_runs), sum(practice_runs),"
                + " sum(levels_passed), sum(score_sum), sum(scored_runs), sum(points)" + examDistinct()
                + " from activity_worker aw join enterprise_place ep on ep.enterprise_id = aw.enterprise_id" + dim.tradeJoin("aw.trade_id")
                + " where aw.enterprise_id = $1 and ($2::bigint is null or aw.team_id = $2) and aw.period = any($3) group by 1";
        return reads.query(sql, Tuple.of(source.enterpriseId(), source.teamId(), periods.toArray(String[]::new)))
                .map(FiguresService::sumsByKey);
    }

    private static Map<String, Sums> sumsByKey(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        Map<String, Sums> byKey = new HashMap<>();
        for (Row r : rows) {
            byKey.put(r.getString(0), new Sums(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6),
                    r.getLong(7), exam(r, 8)));
        }
        return byKey;
    }

    /** Registered workers per key (a minute old at most for units; counted for an enterprise's workers). */
    Uni<Map<String, Long>> registered(Source source, Dimension dim) {
        if (source.workers()) {
            String sql = "select " + dim.workerTableKey + ", count(*) from worker wk join enterprise_place ep on ep.enterprise_id = wk.enterprise_id"
                    + dim.tradeJoin("wk.trade_id") + " where wk.enterprise_id = $1 and ($2::bigint is null or wk.team_id = $2) group by 1";
            return reads.query(sql, Tuple.of(source.enterpriseId(), source.teamId())).map(FiguresService::counts);
        }
        String sql = "select " + dim.registeredKey + ", sum(workers)::bigint from registered_unit ru" + dim.tradeJoin("ru.trade_id")
                + " where ru.unit_kind = $1 and " + units(source, dim, "ru") + " group by 1";
        return reads.query(sql, Tuple.of(source.letter(), source.ids().toArray(Long[]::new))).map(FiguresService::counts);
    }

    private static Map<String, Long> counts(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        Map<String, Long> counts = new HashMap<>();
        for (Row r : rows) {
            counts.put(r.getString(0), r.getLong(1));
        }
        return counts;
    }

    /** Where a unit's workers' other records are: a condition on {@code ep} (their enterprise's place) or {@code wk}. */
    static String workerCondition(Placed placed) {
        return switch (placed.unit().kind()) {
            case REGION -> regionColumn(placed.region().level()) + " = $1";
            case ENTERPRISE -> "ep.enterprise_id = $1";
            default -> "wk.team_id = $1";
        };
    }

    Uni<Map<String, Long>> promotions(Placed placed, Span span) {
        return reads.query("select pr.route, count(*) from promotion_record pr join worker wk on wk.account_id = pr.account_id"
                + " join enterprise_place ep on ep.enterprise_id = wk.enterprise_id where " + workerCondition(placed)
                + " and pr.approved_at >= $2 and pr.approved_at < $3 group by 1", Tuple.of(placed.unit().id(), start(span.from()), start(span.to().plusDays(1)))).map(rows -> {
                    Map<String, Long> byRoute = new TreeMap<>(Map.of("ONLINE_EXAM", 0L, "CONTEST", 0L));
                    rows.forEach(r -> byRoute.put(r.getString(0), r.getLong(1)));
                    return byRoute;
                });
    }

    Uni<Long> contestEntries(Placed placed, Span span) {
        return reads.query("select count(*) from contest_result cr join worker wk on wk.account_id = cr.account_id"
                + " join enterprise_place ep on ep.enterprise_id = wk.enterprise_id where " + workerCondition(placed)
                + " and cr.held_on between $2 and $3", Tuple.of(placed.unit().id(), span.from(), span.to()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private java.time.OffsetDateTime start(LocalDate day) {
        return day.atStartOfDay(zone).toOffsetDateTime();
    }

    // ---------------------------------------------------------------- figures

    /** The unit's figures in the span, with its parent's as the baseline. */
    public Uni<FiguresView> figures(Placed placed, Span span) {
        Uni<Figures> own = totals(placed, span);
        Uni<Baseline> baseline = placed.baseline() == null ? Uni.createFrom().nullItem()
                : totals(parentOf(placed), span).map(f -> new Baseline(placed.baseline(), f));
        return Uni.combine().all().unis(own, baseline).asTuple().map(t -> new FiguresView(placed.unit(), placed.path(),
                childKind(placed), PeriodView.of(span), t.getItem1(), t.getItem2()));
    }

    /** The figures of the unit as a whole. */
    Uni<Figures> totals(Placed placed, Span span) {
        Source source = sourceOf(placed);
        return Uni.combine().all().unis(sums(source, Dimension.ALL, span), registered(source, Dimension.ALL), promotions(placed, span),
                contestEntries(placed, span)).asTuple()
                .map(t -> t.getItem1().getOrDefault("", Sums.ZERO).figures(t.getItem2().getOrDefault("", 0L), t.getItem3(), t.getItem4()));
    }

    /** The parent as a placed unit of its own, for its figures only. */
    static Placed parentOf(Placed placed) {
        UnitRef parent = placed.baseline();
        return switch (parent.kind()) {
            case REGION -> new Placed(parent, parent.id(), null, List.of(), null, placed.home(), placed.tree());
            case ENTERPRISE -> new Placed(parent, placed.regionId(), placed.enterpriseId(), List.of(), null, placed.home(), placed.tree());
            default -> throw new IllegalStateException("a team is nobody's parent");
        };
    }

    static String childKind(Placed placed) {
        return switch (placed.unit().kind()) {
            case REGION -> "COUNTY".equals(placed.region().level()) ? "ENTERPRISE" : "REGION";
            case ENTERPRISE -> "TEAM";
            default -> null;
        };
    }

    // ---------------------------------------------------------------- breakdowns

    public enum By { CHILD, ENTERPRISE, TEAM, INDUSTRY, TRADE, SIZE }

    public enum SortBy { participationRate, active, registered, levelsPassed, averageScore, points, challengeRuns }

    /** One key of a breakdown before its figures: the unit it stands for and where it drills to. */
    private record Key(String key, UnitRef unit, String drill) {
    }

    /** All rows of a breakdown, ranked; pages are cut by the caller. */
    public Uni<List<BreakdownRow>> breakdownRows(Placed placed, Span span, By by, SortBy sort, boolean ascending) {
        Uni<List<BreakdownRow>> rows = switch (by) {
            case CHILD -> children(placed, span);
            case ENTERPRISE -> enterprises(placed, span);
            case TEAM -> {
                if (placed.unit().kind() != Kind.ENTERPRISE) {
                    throw Span.invalid("by", "TEAM breaks down an enterprise");
                }
                yield teams(placed, span);
            }
            case INDUSTRY -> dimension(placed, span, Dimension.INDUSTRY, this::industryNames);
            case TRADE -> dimension(placed, span, Dimension.TRADE, this::tradeNames);
            case SIZE -> dimension(placed, span, Dimension.SIZE, keys -> Uni.createFrom().item(SIZE_NAMES));
        };
        Comparator<BreakdownRow> order = comparator(sort == null ? SortBy.participationRate : sort);
        Comparator<BreakdownRow> ranked = (ascending ? order : order.reversed()).thenComparing(r -> r.unit().name());
        return rows.map(list -> list.stream().sorted(ranked).toList());
    }

    public Uni<BreakdownView> breakdown(Placed placed, Span span, By by, SortBy sort, boolean ascending, Paging paging) {
        return breakdownRows(placed, span, by, sort, ascending).map(rows -> {
            int from = (int) Math.min(rows.size(), paging.offset());
            int to = Math.min(rows.size(), from + paging.size());
            return new BreakdownView(by.name(), PeriodView.of(span), rows.subList(from, to), rows.size(), paging.page(), paging.size(),
                    spread(rows));
        });
    }

    private static Comparator<BreakdownRow> comparator(SortBy sort) {
        Function<Figures, Double> value = switch (sort) {
            case participationRate -> Figures::participationRate;
            case active -> f -> (double) f.active();
            case registered -> f -> (double) f.registered();
            case levelsPassed -> f -> (double) f.levelsPassed();
            case averageScore -> Figures::averageScore;
            case points -> f -> (double) f.points();
            case challengeRuns -> f -> (double) f.challengeRuns();
        };
        // units without a value (no registered workers, no scored run) rank below every other
        return Comparator.comparing(r -> value.apply(r.figures()), Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    /** The spread of the participation rates of the rows that have registered workers. */
    static Spread spread(List<BreakdownRow> rows) {
        List<BreakdownRow> rated = rows.stream().filter(r -> r.figures().participationRate() != null).toList();
        if (rated.isEmpty()) {
            return new Spread(null, null, null, null, 0);
        }
        BreakdownRow high = rated.stream().max(Comparator.comparing(r -> r.figures().participationRate())).orElseThrow();
        BreakdownRow low = rated.stream().min(Comparator.comparing(r -> r.figures().participationRate())).orElseThrow();
        double mean = rated.stream().mapToDouble(r -> r.figures().participationRate()).average().orElse(0);
        double variance = rated.stream().mapToDouble(r -> Math.pow(r.figures().participationRate() - mean, 2)).average().orElse(0);
        return new Spread(new Extreme(high.unit().name(), high.figures().participationRate()),
                new Extreme(low.unit().name(), low.figures().participationRate()), mean,
                mean == 0 ? null : Math.sqrt(variance) / mean, rated.size());
    }

    private Uni<List<BreakdownRow>> rows(Source source, Dimension dim, Span span, List<Key> keys) {
        return Uni.combine().all().unis(sums(source, dim, span), registered(source, dim)).asTuple().map(t -> keys.stream()
                .map(k -> new BreakdownRow(k.unit(), t.getItem1().getOrDefault(k.key(), Sums.ZERO)
                        .figures(t.getItem2().getOrDefault(k.key(), 0L), null, 0), k.drill()))
                .toList());
    }

    private Uni<List<BreakdownRow>> children(Placed placed, Span span) {
        switch (placed.unit().kind()) {
            case TEAM -> throw Span.invalid("by", "a team has no units below it: see its workers");
            case ENTERPRISE -> {
                return teams(placed, span);
            }
            default -> {
                UnitDirectory.Region region = placed.region();
                List<UnitDirectory.Region> subregions = placed.tree().childrenOf(region.id());
                Uni<List<BreakdownRow>> regions = subregions.isEmpty() ? Uni.createFrom().item(List.of())
                        : rows(Source.units("R", subregions.stream().map(UnitDirectory.Region::id).toList(),
                                regionColumn(subregions.get(0).level()) + " = any($2)"), Dimension.UNIT, span,
                                subregions.stream().map(r -> new Key(String.valueOf(r.id()),
                                        new UnitRef(Kind.REGION, r.id(), r.name(), r.level(), null), "region:" + r.id())).toList());
                // enterprises registered directly in a city (not in one of its counties) are its children too
                Uni<List<BreakdownRow>> direct = "PROVINCE".equals(region.level()) ? Uni.createFrom().item(List.of())
                        : enterpriseRows("e.region_id = $1", region.id(), span);
                return Uni.combine().all().unis(regions, direct).asTuple().map(t -> {
                    List<BreakdownRow> all = new ArrayList<>(t.getItem1());
                    all.addAll(t.getItem2());
                    return all;
                });
            }
        }
    }

    private Uni<List<BreakdownRow>> enterprises(Placed placed, Span span) {
        return switch (placed.unit().kind()) {
            case REGION -> enterpriseRows(regionColumn(placed.region().level()) + " = $1", placed.unit().id(), span);
            case ENTERPRISE -> enterpriseRows("e.id = $1", placed.unit().id(), span);
            default -> throw Span.invalid("by", "a team has no enterprises below it");
        };
    }

    private Uni<List<BreakdownRow>> enterpriseRows(String condition, long id, Span span) {
        return reads.query("select e.id, e.name, e.size_class from enterprise e join enterprise_place ep on ep.enterprise_id = e.id"
                + " where " + condition + " order by e.id", Tuple.of(id)).chain(found -> {
                    List<Key> keys = new ArrayList<>();
                    found.forEach(r -> keys.add(new Key(String.valueOf(r.getLong(0)),
                            new UnitRef(Kind.ENTERPRISE, r.getLong(0), r.getString(1), null, r.getString(2)), "enterprise:" + r.getLong(0))));
                    return keys.isEmpty() ? Uni.createFrom().item(List.<BreakdownRow>of())
                            : rows(Source.units("E", keys.stream().map(k -> k.unit().id()).toList(), "aw.enterprise_id = any($2)"),
                                    Dimension.UNIT, span, keys);
                });
    }

    private Uni<List<BreakdownRow>> teams(Placed placed, Span span) {
        Source source = Source.workers(placed.unit().id(), null);
        Uni<List<Key>> keys = reads.query("select id, name from team where enterprise_id = $1 order by name", Tuple.of(placed.unit().id())).map(found -> {
                    List<Key> list = new ArrayList<>();
                    found.forEach(r -> list.add(new Key(String.valueOf(r.getLong(0)),
                            new UnitRef(Kind.TEAM, r.getLong(0), r.getString(1), null, null), "team:" + r.getLong(0))));
                    return list;
                });
        return Uni.combine().all().unis(keys, sums(source, Dimension.TEAM, span), registered(source, Dimension.TEAM)).asTuple().map(t -> {
            List<Key> all = new ArrayList<>(t.getItem1());
            // workers in no team get a row of their own when there are any
            if (t.getItem3().containsKey("0") || t.getItem2().containsKey("0")) {
                all.add(new Key("0", new UnitRef(Kind.TEAM, 0, "未分班组", null, null), null));
            }
            return all.stream().map(k -> new BreakdownRow(k.unit(), t.getItem2().getOrDefault(k.key(), Sums.ZERO)
                    .figures(t.getItem3().getOrDefault(k.key(), 0L), null, 0), k.drill())).toList();
        });
    }

    private Uni<List<BreakdownRow>> dimension(Placed placed, Span span, Dimension dim, Function<List<String>, Uni<Map<String, String>>> names) {
        Source source = sourceOf(placed);
        return Uni.combine().all().unis(sums(source, dim, span), registered(source, dim)).asTuple().chain(t -> {
            List<String> keys = new ArrayList<>(new java.util.TreeSet<>(t.getItem2().keySet()));
            t.getItem1().keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
            if (dim == Dimension.SIZE) {
                keys.clear();
                keys.addAll(SIZE_CLASSES);
            }
            return names.apply(keys).map(named -> keys.stream().map(k -> new BreakdownRow(
                    new UnitRef(dim == Dimension.SIZE ? Kind.SIZE : dim == Dimension.TRADE ? Kind.TRADE : Kind.INDUSTRY, dim == Dimension.SIZE ? SIZE_CLASSES.indexOf(k) + 1 : Long.parseLong(k), named.getOrDefault(k, k), null,
                            dim == Dimension.SIZE ? k : null),
                    t.getItem1().getOrDefault(k, Sums.ZERO).figures(t.getItem2().getOrDefault(k, 0L), null, 0), null)).toList());
        });
    }

    private Uni<Map<String, String>> tradeNames(List<String> ids) {
        return names("select id::text, name from trade where id = any($1)", ids);
    }

    private Uni<Map<String, String>> industryNames(List<String> ids) {
        return names("select id::text, name from industry where id = any($1)", ids);
    }

    private Uni<Map<String, String>> names(String sql, List<String> ids) {
        return reads.query(sql, Tuple.of(ids.stream().map(Long::parseLong).toArray(Long[]::new))).map(rows -> {
            Map<String, String> names = new HashMap<>();
            rows.forEach(r -> names.put(r.getString(0), r.getString(1)));
            return names;
        });
    }

    // ---------------------------------------------------------------- coverage

    /** Enterprises with at least one active worker, by size class, and those with none (the ones to chase). */
    public Uni<CoverageView> coverage(Placed placed, Span span, String sizeClass, Paging paging) {
        return coverageRows(placed, span).map(rows -> {
            List<SizeCoverage> bySize = new ArrayList<>();
            for (String size : SIZE_CLASSES) {
                long all = rows.stream().filter(r -> r.sizeClass().equals(size)).count();
                long covered = rows.stream().filter(r -> r.sizeClass().equals(size) && r.covered()).count();
                bySize.add(new SizeCoverage(size, all, covered, all == 0 ? null : (double) covered / all));
            }
            long covered = rows.stream().filter(CoverageRow::covered).count();
            List<Uncovered> uncovered = rows.stream().filter(r -> !r.covered() && (sizeClass == null || r.sizeClass().equals(sizeClass)))
                    .sorted(Comparator.comparing((CoverageRow r) -> -r.registered()).thenComparing(CoverageRow::name))
                    .map(r -> new Uncovered(new UnitRef(Kind.ENTERPRISE, r.id(), r.name(), null, r.sizeClass()), r.region(), r.sizeClass(),
                            r.registered()))
                    .toList();
            int from = (int) Math.min(uncovered.size(), paging.offset());
            return new CoverageView(PeriodView.of(span), bySize,
                    new CoverageTotal(rows.size(), covered, rows.isEmpty() ? null : (double) covered / rows.size()),
                    new PageView<>(uncovered.subList(from, Math.min(uncovered.size(), from + paging.size())), uncovered.size(),
                            paging.page(), paging.size()));
        });
    }

    record CoverageRow(long id, String name, String sizeClass, String region, long registered, boolean covered) {
    }

    Uni<List<CoverageRow>> coverageRows(Placed placed, Span span) {
        if (placed.unit().kind() == Kind.TEAM) {
            throw Span.invalid("unit", "coverage counts enterprises: choose a region or an enterprise");
        }
        String condition = placed.unit().kind() == Kind.ENTERPRISE ? "e.id = $1" : regionColumn(placed.region().level()) + " = $1";
        // a county's or an enterprise's few enterprises are looked up one by one; a city's or the province's thousands
        // are joined to the registered workers of every enterprise (at 10,030 enterprises: 65–80 ms against 175 ms one
        // by one). Whether each was active comes from the sums by unit, which a city's or the province's thousands share
        // with their ranking, counted once per roll-up (their period's rows lie one to a page)
        boolean many = placed.unit().kind() == Kind.REGION && !"COUNTY".equals(placed.region().level());
        String enterprises = many ? """
                select e.id, e.name, e.size_class, r.name, coalesce(reg.workers, 0)
                from enterprise e join enterprise_place ep on ep.enterprise_id = e.id join region r on r.id = e.region_id
                left join (select unit_id, sum(workers) as workers from registered_unit where unit_kind = 'E' group by 1) reg
                       on reg.unit_id = e.id
                where """ : """
                select e.id, e.name, e.size_class, r.name,
                       coalesce((select sum(workers) from registered_unit ru where ru.unit_kind = 'E' and ru.unit_id = e.id), 0)
                from enterprise e join enterprise_place ep on ep.enterprise_id = e.id join region r on r.id = e.region_id
                where """;
        return reads.query(enterprises + " " + condition + " order by e.id", Tuple.of(placed.unit().id())).chain(found -> {
            List<Row> rows = new ArrayList<>();
            found.forEach(rows::add);
            if (rows.isEmpty()) {
                return Uni.createFrom().item(List.<CoverageRow>of());
            }
            List<Long> ids = rows.stream().map(r -> r.getLong(0)).toList();
            return sums(Source.units("E", ids, "aw.enterprise_id = any($2)"), Dimension.UNIT, span).map(sums -> rows.stream()
                    .map(r -> new CoverageRow(r.getLong(0), r.getString(1), r.getString(2), r.getString(3), r.getLong(4),
                            sums.getOrDefault(String.valueOf(r.getLong(0)), Sums.ZERO).active() > 0))
                    .toList());
        });
    }

    // ---------------------------------------------------------------- trend

    /** Active workers and runs per day over the last {@code days} days, for the unit and its parent. */
    public Uni<TrendView> trend(Placed placed, int days) {
        LocalDate today = today();
        Span span = new Span(Span.Kind.RANGE, "", today.minusDays(days - 1L), today);
        Uni<List<TrendDay>> own = daily(placed, span);
        Uni<List<TrendDay>> parent = placed.baseline() == null ? Uni.createFrom().nullItem() : daily(parentOf(placed), span);
        return Uni.combine().all().unis(own, parent).asTuple().map(t -> new TrendView(t.getItem1(), t.getItem2(), placed.baseline()));
    }

    private Uni<List<TrendDay>> daily(Placed placed, Span span) {
        Source source = sourceOf(placed);
        Uni<Map<String, long[]>> perDay;
        if (source.workers()) {
            perDay = reads.query("select period, count(*), sum(challenge_runs + practice_runs) from activity_worker aw"
                    + " where aw.enterprise_id = $1 and aw.team_id = $2 and aw.period = any($3) group by 1", Tuple.of(source.enterpriseId(), source.teamId(), span.days().toArray(String[]::new))).map(FiguresService::perDay);
        } else {
            perDay = reads.query("select period, sum(active), sum(challenge_runs + practice_runs) from activity_unit"
                    + " where unit_kind = $1 and unit_id = $2 and period = any($3) group by 1", Tuple.of(source.letter(), source.ids().get(0), span.days().toArray(String[]::new))).map(FiguresService::perDay);
        }
        return Uni.combine().all().unis(perDay, registered(source, Dimension.ALL)).asTuple().map(t -> {
            long registered = t.getItem2().getOrDefault("", 0L);
            List<TrendDay> list = new ArrayList<>();
            for (String day : span.days()) {
                long[] v = t.getItem1().getOrDefault(day, new long[2]);
                list.add(new TrendDay(LocalDate.parse(day), v[0], v[1], registered == 0 ? null : (double) v[0] / registered));
            }
            return list;
        });
    }

    private static Map<String, long[]> perDay(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        Map<String, long[]> byDay = new HashMap<>();
        rows.forEach(r -> byDay.put(r.getString(0), new long[] { r.getLong(1), r.getLong(2) }));
        return byDay;
    }

    // ---------------------------------------------------------------- weak points

    /** The rows of activity_answer that stand for the unit: a team reads its enterprise's. */
    private static Tuple answerUnit(Placed placed) {
        return switch (placed.unit().kind()) {
            case REGION -> Tuple.of("R", placed.unit().id());
            default -> Tuple.of("E", placed.enterpriseId());
        };
    }

    /** The knowledge points answered wrong most often in the unit (at least {@value #MIN_ANSWERS} answers), with the province's rate. */
    public Uni<WeakPointsView> weakPoints(Placed placed, Span span, int limit) {
        Tuple unit = answerUnit(placed);
        long province = placed.tree().pathTo(placed.regionId()).get(0).id();
        String[] months = span.months().toArray(String[]::new);
        return reads.query("""
                select k.id, k.name, t.id, t.name, sum(aa.answered), sum(aa.wrong)
                from activity_answer aa join knowledge_point k on k.id = aa.knowledge_point_id join trade t on t.id = k.trade_id
                where aa.unit_kind = $1 and aa.unit_id = $2 and aa.month = any($3)
                group by k.id, k.name, t.id, t.name having sum(aa.answered) >= $4
                order by sum(aa.wrong)::float / sum(aa.answered) desc, sum(aa.answered) desc, k.id limit $5""", Tuple.of(unit.getString(0), unit.getLong(1), months, MIN_ANSWERS, limit)).chain(rows -> {
                    List<Row> found = new ArrayList<>();
                    rows.forEach(found::add);
                    Long[] ids = found.stream().map(r -> r.getLong(0)).toArray(Long[]::new);
                    return reads.query("select knowledge_point_id, sum(answered), sum(wrong) from activity_answer"
                            + " where unit_kind = 'R' and unit_id = $1 and month = any($2) and knowledge_point_id = any($3) group by 1", Tuple.of(province, months, ids)).map(provinceRows -> {
                                Map<Long, Double> provinceRate = new HashMap<>();
                                provinceRows.forEach(r -> provinceRate.put(r.getLong(0), (double) r.getLong(2) / r.getLong(1)));
                                return new WeakPointsView(PeriodView.of(span), found.stream().map(r -> new WeakPoint(
                                        new Named(r.getLong(0), r.getString(1)), new Named(r.getLong(2), r.getString(3)), r.getLong(4),
                                        r.getLong(5), (double) r.getLong(5) / r.getLong(4), provinceRate.get(r.getLong(0)))).toList());
                            });
                });
    }

    /** The questions behind a knowledge point in the unit, most often wrong first. */
    public Uni<WeakQuestionsView> weakQuestions(Placed placed, Span span, long knowledgePointId) {
        Tuple unit = answerUnit(placed);
        return reads.query("select id, name from knowledge_point where id = $1", Tuple.of(knowledgePointId)).chain(kp -> {
            if (kp.size() == 0) {
                throw DomainException.notFound("Knowledge point", knowledgePointId);
            }
            Named point = new Named(kp.iterator().next().getLong(0), kp.iterator().next().getString(1));
            return reads.query("""
                    select q.id, q.ref, v.stem, v.type, sum(aa.answered), sum(aa.wrong)
                    from activity_answer aa join question q on q.id = aa.question_id
                    cross join lateral (select stem, type from question_version v where v.question_id = q.id
                                        order by (v.status = 'PUBLISHED') desc, v.version desc limit 1) v
                    where aa.unit_kind = $1 and aa.unit_id = $2 and aa.month = any($3) and aa.knowledge_point_id = $4
                    group by q.id, q.ref, v.stem, v.type
                    order by sum(aa.wrong)::float / sum(aa.answered) desc, q.id limit 50""", Tuple.of(unit.getString(0), unit.getLong(1), span.months().toArray(String[]::new), knowledgePointId))
                    .map(rows -> {
                        List<WeakQuestion> items = new ArrayList<>();
                        rows.forEach(r -> items.add(new WeakQuestion(r.getLong(0), r.getString(1), shorten(r.getString(2)), r.getString(3),
                                r.getLong(4), r.getLong(5), (double) r.getLong(5) / r.getLong(4))));
                        return new WeakQuestionsView(point, items);
                    });
        });
    }

    private static String shorten(String stem) {
        String plain = stem.replaceAll("!\\[[^\\]]*\\]\\([^)]*\\)", "[图]").replaceAll("\\s+", " ").trim();
        return plain.length() <= 120 ? plain : plain.substring(0, 119) + "…";
    }

    // ---------------------------------------------------------------- workers

    public enum WorkerSort { lastRunAt, points, levelsPassed, challengeRuns, name }

    /** The workers of an enterprise or team with their activity in the span, grade and last run. */
    public Uni<PageView<WorkerRow>> workers(Placed placed, Span span, String q, WorkerSort sort, Paging paging) {
        if (placed.unit().kind() == Kind.REGION) {
            throw Span.invalid("unit", "the worker list is of an enterprise or a team");
        }
        // a phone is found by its whole number only: a part of it would uncover the digits the list masks
        String where = " where wk.enterprise_id = $1 and ($2::bigint is null or wk.team_id = $2)"
                + " and ($3::text is null or a.display_name like $3 or a.phone = $7)";
        String order = switch (sort == null ? WorkerSort.lastRunAt : sort) {
            case lastRunAt -> "last_run desc nulls last";
            case points -> "points desc";
            case levelsPassed -> "levels_passed desc";
            case challengeRuns -> "challenge_runs desc";
            case name -> "a.display_name";
        };
        Long team = placed.unit().kind() == Kind.TEAM ? placed.unit().id() : null;
        String like = q == null || q.isBlank() ? null : "%" + q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        String phone = q == null ? "" : q.strip();
        Uni<Long> total = reads.query("select count(*) from worker wk join account a on a.id = wk.account_id"
                + where.replace("$7", "$4"), Tuple.of(placed.enterpriseId(), team, like, phone)).map(r -> r.iterator().next().getLong(0));
        Uni<List<WorkerRow>> page = reads.query("""
                select a.id, a.display_name, a.phone, tm.name, tr.name, g.grade,
                       coalesce(sum(aw.challenge_runs), 0) as challenge_runs, coalesce(sum(aw.practice_runs), 0),
                       coalesce(sum(aw.levels_passed), 0) as levels_passed, coalesce(sum(aw.score_sum), 0), coalesce(sum(aw.scored_runs), 0),
                       coalesce(sum(aw.points), 0) as points,
                       (select max(y.last_run_at) from activity_worker y where y.period = any($8) and y.account_id = a.id) as last_run
                from worker wk join account a on a.id = wk.account_id join trade tr on tr.id = wk.trade_id
                left join team tm on tm.id = wk.team_id
                left join worker_grade g on g.account_id = wk.account_id and g.trade_id = wk.trade_id
                left join activity_worker aw on aw.account_id = wk.account_id and aw.period = any($4)
                """ + where + " group by a.id, tm.name, tr.name, g.grade order by " + order + ", a.id limit $5 offset $6", Tuple.tuple().addValue(placed.enterpriseId()).addValue(team).addValue(like)
                        .addValue(span.periods().toArray(String[]::new)).addValue(paging.size()).addValue(paging.offset())
                        .addValue(phone).addValue(recentYears()))
                .map(rows -> {
                    List<WorkerRow> items = new ArrayList<>();
                    rows.forEach(r -> items.add(new WorkerRow(r.getLong(0), r.getString(1), maskPhone(r.getString(2)), r.getString(3),
                            r.getString(4), r.getInteger(5), r.getLong(6), r.getLong(7), r.getLong(8),
                            r.getLong(10) == 0 ? null : round1((double) r.getLong(9) / r.getLong(10)), r.getLong(11),
                            r.getOffsetDateTime(12) == null ? null : r.getOffsetDateTime(12).toInstant())));
                    return items;
                });
        return Uni.combine().all().unis(total, page).asTuple()
                .map(t -> new PageView<>(t.getItem2(), t.getItem1(), paging.page(), paging.size()));
    }

    /** This year and the two before: the year rows a worker's last run is read from. */
    private String[] recentYears() {
        int year = today().getYear();
        return new String[] { String.valueOf(year), String.valueOf(year - 1), String.valueOf(year - 2) };
    }

    static String maskPhone(String phone) {
        return phone.substring(0, 3) + "****" + phone.substring(7);
    }

    static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
