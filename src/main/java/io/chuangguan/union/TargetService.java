package io.chuangguan.union;

import java.time.Instant;
import java.time.LocalDate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.Violation;
import io.chuangguan.union.UnitDirectory.Placed;
import io.chuangguan.union.UnitRef.Kind;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * 项目化管理: targets a union sets for the units directly below its own, their progress measured from the roll-ups over
 * the target's own dates, and the supervision (督办) of the ones behind.
 */
@ApplicationScoped
public class TargetService {

    public enum Metric { PARTICIPATION_RATE, ACTIVE_WORKERS, LEVELS_PASSED, PROMOTIONS, SMALL_COVERAGE }

    /**
     * DONE: reached. MISSED: the deadline passed unreached. Otherwise the share reached against the share of the time
     * elapsed: GREEN at or ahead of it, AMBER at 80 % of it or more, RED further behind.
     */
    public enum Status { DONE, GREEN, AMBER, RED, MISSED }

    public record FollowUp(Instant at, String by, String note) {
    }

    public record TargetView(long id, UnitRef unit, Metric metric, double value, LocalDate startsOn, LocalDate deadline, String note,
            String setBy, Instant setAt, double current, double shareReached, double shareElapsed, Status status, List<FollowUp> followUps) {
    }

    public record TargetsView(List<TargetView> set, List<TargetView> mine) {
    }

    public record NewTarget(String unit, Metric metric, Double value, String startsOn, String deadline, String note) {
    }

    private final Pool pool;
    private final UnitDirectory units;
    private final FiguresService figures;

    public TargetService(Pool pool, UnitDirectory units, FiguresService figures) {
        this.pool = pool;
        this.units = units;
        this.figures = figures;
    }

    /** The status of a target with {@code current} of {@code value} reached on {@code today}. */
    static Status status(double current, double value, LocalDate startsOn, LocalDate deadline, LocalDate today) {
        if (current >= value) {
            return Status.DONE;
        }
        if (today.isAfter(deadline)) {
            return Status.MISSED;
        }
        double reached = current / value;
        double elapsed = shareElapsed(startsOn, deadline, today);
        return reached >= elapsed ? Status.GREEN : reached >= 0.8 * elapsed ? Status.AMBER : Status.RED;
    }

    static double shareElapsed(LocalDate startsOn, LocalDate deadline, LocalDate today) {
        if (today.isBefore(startsOn)) {
            return 0;
        }
        double days = deadline.toEpochDay() - startsOn.toEpochDay() + 1;
        return Math.min(1, (today.toEpochDay() - startsOn.toEpochDay() + 1) / days);
    }

    private record TargetRow(long id, String unitKind, long unitId, Metric metric, double value, LocalDate startsOn, LocalDate deadline,
            String note, String setBy, Instant setAt) {
    }

    private static final String COLUMNS = "t.id, t.unit_kind, t.unit_id, t.metric, t.value, t.starts_on, t.deadline, t.note, a.display_name, t.set_at";

    private static TargetRow row(Row r) {
        return new TargetRow(r.getLong(0), r.getString(1), r.getLong(2), Metric.valueOf(r.getString(3)), r.getBigDecimal(4).doubleValue(),
                r.getLocalDate(5), r.getLocalDate(6), r.getString(7), r.getString(8), r.getOffsetDateTime(9).toInstant());
    }

    /** Targets set for the units directly below {@code unit}, and those set for {@code unit} itself. */
    public Uni<TargetsView> targets(Caller caller, String unitParam) {
        return units.resolve(caller, unitParam).chain(placed -> {
            Uni<List<TargetView>> set = children(placed).chain(children -> select("(t.unit_kind, t.unit_id) in (select * from unnest($1::char[], $2::bigint[]))",
                    Tuple.of(children.stream().map(k -> k.kind().letter()).toArray(String[]::new),
                            children.stream().map(UnitRef.Key::id).toArray(Long[]::new)), caller));
            Uni<List<TargetView>> mine = select("t.unit_kind = $1 and t.unit_id = $2", Tuple.of(placed.unit().kind().letter(), placed.unit().id()),
                    caller);
            return Uni.combine().all().unis(set, mine).asTuple().map(t -> new TargetsView(t.getItem1(), t.getItem2()));
        });
    }

    /** Targets of the units below {@code unit} (regions at any depth, their enterprises) that are behind, the worst first. */
    public Uni<List<TargetView>> supervision(Caller caller, String unitParam) {
        return units.resolve(caller, unitParam).chain(placed -> {
            if (placed.unit().kind() != Kind.REGION) {
                return Uni.createFrom().item(List.<TargetView>of());
            }
            Long[] below = placed.tree().descendants(placed.unit().id()).toArray(Long[]::new);
            return select("(t.unit_kind = 'R' and t.unit_id = any($1)) or (t.unit_kind = 'E' and t.unit_id in ("
                    + "select ep.enterprise_id from enterprise_place ep where " + FiguresService.regionColumn(placed.region().level())
                    + " = $2))", Tuple.of(below, placed.unit().id()), caller)
                    .map(all -> all.stream().filter(t -> t.status() == Status.RED || t.status() == Status.AMBER || t.status() == Status.MISSED)
                            .sorted(Comparator.comparing(TargetView::status).reversed()
                                    .thenComparingDouble(t -> t.shareReached() - t.shareElapsed()))
                            .toList());
        });
    }

    /** The keys of the units directly below a unit. */
    private Uni<List<UnitRef.Key>> children(Placed placed) {
        return switch (placed.unit().kind()) {
            case REGION -> {
                List<UnitRef.Key> keys = new ArrayList<>(placed.tree().childrenOf(placed.unit().id()).stream()
                        .map(r -> new UnitRef.Key(Kind.REGION, r.id())).toList());
                yield "PROVINCE".equals(placed.region().level()) ? Uni.createFrom().item(keys)
                        : pool.preparedQuery("select id from enterprise where region_id = $1").execute(Tuple.of(placed.unit().id())).map(rows -> {
                            rows.forEach(r -> keys.add(new UnitRef.Key(Kind.ENTERPRISE, r.getLong(0))));
                            return keys;
                        });
            }
            default -> Uni.createFrom().item(List.of());
        };
    }

    /** The targets matching {@code where} that the caller may see (each unit resolved in the caller's scope), evaluated. */
    private Uni<List<TargetView>> select(String where, Tuple params, Caller caller) {
        return pool.preparedQuery("select " + COLUMNS + " from union_target t join account a on a.id = t.set_by where " + where
                + " order by t.deadline, t.id").execute(params).chain(rows -> {
                    List<TargetRow> found = new ArrayList<>();
                    rows.forEach(r -> found.add(row(r)));
                    if (found.isEmpty()) {
                        return Uni.createFrom().item(List.<TargetView>of());
                    }
                    // four targets measured at a time, then back in the listing's order
                    return followUps(found.stream().map(TargetRow::id).toList()).chain(notes -> Multi.createFrom().iterable(found)
                            .onItem().transformToUni(t -> units.resolve(caller, key(t)).onFailure(DomainException.class)
                                    .recoverWithNull().chain(placed -> placed == null ? Uni.createFrom().nullItem() : evaluate(t, placed, notes)))
                            .merge(4).collect().asList()
                            .map(views -> {
                                Map<Long, Integer> position = new HashMap<>();
                                found.forEach(t -> position.put(t.id(), position.size()));
                                return views.stream().sorted(Comparator.comparingInt(v -> position.get(v.id()))).toList();
                            }));
                });
    }

    private static String key(TargetRow t) {
        return ("E".equals(t.unitKind()) ? "enterprise:" : "region:") + t.unitId();
    }

    private Uni<Map<Long, List<FollowUp>>> followUps(List<Long> ids) {
        return pool.preparedQuery("select f.target_id, f.at, a.display_name, f.note from target_follow_up f join account a on a.id = f.by_id"
                + " where f.target_id = any($1) order by f.at").execute(Tuple.of(ids.toArray(Long[]::new))).map(rows -> {
                    Map<Long, List<FollowUp>> byTarget = new HashMap<>();
                    rows.forEach(r -> byTarget.computeIfAbsent(r.getLong(0), k -> new ArrayList<>())
                            .add(new FollowUp(r.getOffsetDateTime(1).toInstant(), r.getString(2), r.getString(3))));
                    return byTarget;
                });
    }

    private Uni<TargetView> evaluate(TargetRow t, Placed placed, Map<Long, List<FollowUp>> notes) {
        Span span = Span.range(t.startsOn(), t.deadline().isAfter(t.startsOn().plusDays(Span.MAX_RANGE_DAYS - 1))
                ? t.startsOn().plusDays(Span.MAX_RANGE_DAYS - 1) : t.deadline());
        return current(t.metric(), placed, span).map(current -> {
            LocalDate today = figures.today();
            return new TargetView(t.id(), placed.unit(), t.metric(), t.value(), t.startsOn(), t.deadline(), t.note(), t.setBy(), t.setAt(),
                    current, Math.min(1, current / t.value()), shareElapsed(t.startsOn(), t.deadline(), today),
                    status(current, t.value(), t.startsOn(), t.deadline(), today), notes.getOrDefault(t.id(), List.of()));
        });
    }

    /** The unit's figure of the metric over the target's dates. */
    Uni<Double> current(Metric metric, Placed placed, Span span) {
        return switch (metric) {
            case PARTICIPATION_RATE -> figures.totals(placed, span).map(f -> f.participationRate() == null ? 0.0 : f.participationRate());
            case ACTIVE_WORKERS -> figures.totals(placed, span).map(f -> (double) f.active());
            case LEVELS_PASSED -> figures.totals(placed, span).map(f -> (double) f.levelsPassed());
            case PROMOTIONS -> figures.promotions(placed, span).map(p -> (double) p.values().stream().mapToLong(Long::longValue).sum());
            case SMALL_COVERAGE -> figures.coverageRows(placed, span).map(rows -> {
                long small = rows.stream().filter(r -> r.sizeClass().equals("SMALL") || r.sizeClass().equals("MICRO")).count();
                long covered = rows.stream().filter(r -> (r.sizeClass().equals("SMALL") || r.sizeClass().equals("MICRO")) && r.covered()).count();
                return small == 0 ? 0.0 : (double) covered / small;
            });
        };
    }

    /** Sets a target for a unit directly below the caller's own (422 otherwise, and for values or dates that make no sense). */
    public Uni<TargetView> create(Caller caller, NewTarget request) {
        List<Violation> violations = new ArrayList<>();
        if (request.metric() == null) {
            violations.add(new Violation("metric", "must be one of " + java.util.Arrays.toString(Metric.values())));
        }
        // the column keeps four decimals: anything smaller would be stored as 0
        if (request.value() == null || request.value() < 0.0001 || request.value().isNaN() || request.value() > 10_000_000) {
            violations.add(new Violation("value", "must be a number from 0.0001 to 10,000,000"));
        } else if ((request.metric() == Metric.PARTICIPATION_RATE || request.metric() == Metric.SMALL_COVERAGE) && request.value() > 1) {
            violations.add(new Violation("value", "a rate is between 0 and 1"));
        }
        if (request.note() != null && request.note().length() > 200) {
            violations.add(new Violation("note", "at most 200 characters"));
        }
        LocalDate startsOn = request.startsOn() == null ? null : Span.date(request.startsOn(), "startsOn");
        LocalDate deadline = request.deadline() == null ? null : Span.date(request.deadline(), "deadline");
        if (startsOn == null || deadline == null) {
            violations.add(new Violation(startsOn == null ? "startsOn" : "deadline", "must be a date (YYYY-MM-DD)"));
        } else if (deadline.isBefore(startsOn)) {
            violations.add(new Violation("deadline", "must not be before startsOn"));
        } else if (deadline.toEpochDay() - startsOn.toEpochDay() >= Span.MAX_RANGE_DAYS) {
            violations.add(new Violation("deadline", "a target runs at most " + Span.MAX_RANGE_DAYS + " days"));
        }
        if (request.unit() == null) {
            violations.add(new Violation("unit", "must be region:<id> or enterprise:<id>"));
        }
        if (!violations.isEmpty()) {
            throw DomainException.unprocessable("The target is not valid", violations);
        }
        return units.resolve(caller, null).chain(home -> units.resolve(caller, request.unit()).chain(placed -> {
            if (request.metric() == Metric.SMALL_COVERAGE && placed.unit().kind() != Kind.REGION) {
                throw DomainException.unprocessable("Small-enterprise coverage is a region's target",
                        List.of(new Violation("metric", "SMALL_COVERAGE is set for a region, not an enterprise")));
            }
            if (placed.unit().kind() == Kind.TEAM || placed.baseline() == null || placed.baseline().kind() != home.unit().kind()
                    || placed.baseline().id() != home.unit().id()) {
                throw DomainException.unprocessable("A target is set for a unit directly below your own",
                        List.of(new Violation("unit", "must be a unit directly below " + home.unit().name())));
            }
            return pool.preparedQuery("""
                    insert into union_target (unit_kind, unit_id, metric, value, starts_on, deadline, note, set_by, setter_kind, setter_id)
                    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id""")
                    .execute(Tuple.tuple().addValue(placed.unit().kind().letter()).addValue(placed.unit().id()).addValue(request.metric().name())
                            .addValue(BigDecimal.valueOf(request.value())).addValue(startsOn).addValue(deadline).addValue(request.note())
                            .addValue(caller.accountId()).addValue(home.unit().kind().letter()).addValue(home.unit().id()))
                    .chain(rows -> one(caller, rows.iterator().next().getLong(0)));
        }));
    }

    /** One target, if the caller may see its unit. */
    public Uni<TargetView> one(Caller caller, long id) {
        return select("t.id = $1", Tuple.of(id), caller).map(list -> {
            if (list.isEmpty()) {
                throw DomainException.notFound("Target", id);
            }
            return list.get(0);
        });
    }

    /** Removes a target the caller's unit set (404 for anyone else). */
    public Uni<Void> delete(Caller caller, long id) {
        return units.resolve(caller, null).chain(home -> pool.preparedQuery(
                "delete from union_target where id = $1 and setter_kind = $2 and setter_id = $3 returning id")
                .execute(Tuple.of(id, home.unit().kind().letter(), home.unit().id())).map(rows -> {
                    if (rows.size() == 0) {
                        throw DomainException.notFound("Target", id);
                    }
                    return null;
                }));
    }

    /** 督办: a note that the unit behind was followed up, by an admin whose scope holds the unit (not the unit's own). */
    public Uni<TargetView> followUp(Caller caller, long id, String note) {
        if (note == null || note.isBlank() || note.length() > 500) {
            throw DomainException.unprocessable("The note is not valid", List.of(new Violation("note", "must be 1 to 500 characters")));
        }
        return one(caller, id).chain(target -> units.resolve(caller, null).chain(home -> {
            if (target.unit().kind() == home.unit().kind() && target.unit().id() == home.unit().id()) {
                throw DomainException.notFound("Target", id);
            }
            return pool.preparedQuery("insert into target_follow_up (target_id, note, by_id) values ($1, $2, $3)")
                    .execute(Tuple.of(id, note.strip(), caller.accountId())).chain(() -> one(caller, id));
        }));
    }
}
