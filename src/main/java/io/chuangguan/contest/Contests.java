package io.chuangguan.contest;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.union.UnitDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads a contest and decides who may do what with it: its organisers (a union admin whose scope holds the organising
 * unit, a system admin), the admins of a unit in it, and the workers of its trade in the organiser's scope.
 */
@ApplicationScoped
public class Contests {

    /** A contest row. {@code phase} is what is stored; {@link #state} reads it against the clock. */
    public record ContestRow(long id, String name, String tier, String organiserKind, long organiserId, long tradeId, String format,
            Instant registrationOpens, Instant registrationCloses, Instant startsAt, Instant endsAt, int durationSeconds,
            int attemptsAllowed, int qualifyCount, int promoteTop, Integer teamDrawn, int teamNamed, String phase, String seed,
            String seedCommitment, Instant closedAt, Instant drawnAt, Instant finalisedAt, Long qualifiesFrom, int paperSize,
            String organiserName, String tradeName) {

        boolean team() {
            return "TEAM".equals(format);
        }

        String organiserKey() {
            return ("E".equals(organiserKind) ? "enterprise:" : "region:") + organiserId;
        }

        /** DRAFT, REGISTRATION, CLOSED, DRAWN, RUNNING (the window), MARKING (after it) or FINAL. */
        String state(Instant now) {
            if (phase.equals("DRAFT") || phase.equals("FINAL")) {
                return phase;
            }
            if (!now.isBefore(endsAt)) {
                return "MARKING";
            }
            if (!now.isBefore(startsAt) && (!team() || phase.equals("DRAWN"))) {
                return "RUNNING";
            }
            return phase;
        }
    }

    static final String COLUMNS = "c.id, c.name, c.tier, c.organiser_kind, c.organiser_id, c.trade_id, c.format, c.registration_opens,"
            + " c.registration_closes, c.starts_at, c.ends_at, c.duration_seconds, c.attempts_allowed, c.qualify_count, c.promote_top,"
            + " c.team_drawn, c.team_named, c.phase, c.seed, c.seed_commitment, c.closed_at, c.drawn_at, c.finalised_at, c.qualifies_from,"
            + " (select count(*)::int from contest_paper p where p.contest_id = c.id),"
            + " case c.organiser_kind when 'E' then (select name from enterprise where id = c.organiser_id)"
            + " else (select name from region where id = c.organiser_id) end, (select name from trade where id = c.trade_id)";

    private final Pool pool;
    private final UnitDirectory units;
    private final Clock clock;
    private final AppConfig config;

    public Contests(Pool pool, UnitDirectory units, Clock clock, AppConfig config) {
        this.pool = pool;
        this.units = units;
        this.clock = clock;
        this.config = config;
    }

    Instant now() {
        return clock.instant();
    }

    AppConfig config() {
        return config;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(Row r, int column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    static ContestRow row(Row r) {
        return new ContestRow(r.getLong(0), r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5), r.getString(6),
                instant(r, 7), instant(r, 8), instant(r, 9), instant(r, 10), r.getInteger(11), r.getInteger(12), r.getInteger(13),
                r.getInteger(14), r.getInteger(15), r.getInteger(16), r.getString(17), r.getString(18), r.getString(19), instant(r, 20),
                instant(r, 21), instant(r, 22), r.getLong(23), r.getInteger(24), r.getString(25), r.getString(26));
    }

    /** The contest, or 404. */
    Uni<ContestRow> get(SqlClient client, long id) {
        return client.preparedQuery("select " + COLUMNS + " from contest c where c.id = $1").execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                throw DomainException.notFound("Contest", id);
            }
            return row(rows.iterator().next());
        });
    }

    Uni<ContestRow> get(long id) {
        return get(pool, id);
    }

    /** The contest locked for a change of its phase (one organiser's action at a time), or 404. */
    Uni<ContestRow> lock(SqlClient client, long id) {
        return client.preparedQuery("select id from contest where id = $1 for update").execute(Tuple.of(id)).chain(() -> get(client, id));
    }

    /** Whether the caller organises the contest: a union admin whose scope holds the organising unit, or a system admin. */
    Uni<Boolean> organises(Caller caller, ContestRow c) {
        if (caller.is(Caller.SYSTEM_ADMIN)) {
            return Uni.createFrom().item(true);
        }
        if (!caller.is(Caller.UNION_ADMIN)) {
            return Uni.createFrom().item(false);
        }
        return units.resolve(caller, c.organiserKey()).map(p -> true).onFailure(DomainException.class).recoverWithItem(false);
    }

    /** The contest if the caller organises it, else 404 (a contest beyond one's scope is not found, as units are). */
    Uni<ContestRow> organised(Caller caller, long id) {
        return get(id).call(c -> organises(caller, c).invoke(yes -> {
            if (!yes) {
                throw DomainException.notFound("Contest", id);
            }
        }));
    }

    /** Whether the caller is a union admin whose scope holds the enterprise (its unit's admin, or one above). */
    Uni<Boolean> administers(Caller caller, long enterpriseId) {
        if (caller.is(Caller.SYSTEM_ADMIN)) {
            return Uni.createFrom().item(true);
        }
        if (!caller.is(Caller.UNION_ADMIN)) {
            return Uni.createFrom().item(false);
        }
        return units.resolve(caller, "enterprise:" + enterpriseId).map(p -> true).onFailure(DomainException.class).recoverWithItem(false);
    }

    /** SQL: whether the organiser (kind 'E' or 'R' and id) holds the enterprise in its scope, each an SQL expression. */
    static String scopeHolds(String enterprise, String kind, String organiser) {
        return "exists (select 1 from enterprise_place ep where ep.enterprise_id = " + enterprise + " and ((" + kind + " = 'E' and"
                + " ep.enterprise_id = " + organiser + ") or (" + kind + " = 'R' and " + organiser + " in (ep.county_id, ep.city_id,"
                + " ep.province_id))))";
    }

    /** Whether the enterprise lies in the organiser's scope (the organising enterprise, or one in the organising region). */
    Uni<Boolean> inScope(SqlClient client, ContestRow c, long enterpriseId) {
        return client.preparedQuery("select " + scopeHolds("$1", "$2", "$3"))
                .execute(Tuple.of(enterpriseId, c.organiserKind(), c.organiserId())).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** A worker may see a contest that is out of DRAFT, of their trade, organised for a scope holding their enterprise. */
    Uni<ContestRow> visibleToWorker(Caller caller, long id) {
        Long enterprise = caller.enterpriseId();
        return get(id).call(c -> {
            if (!caller.is(Caller.WORKER) || enterprise == null || c.phase().equals("DRAFT") || caller.tradeId() == null
                    || caller.tradeId() != c.tradeId()) {
                return Uni.createFrom().failure(DomainException.notFound("Contest", id));
            }
            return inScope(pool, c, enterprise).invoke(yes -> {
                if (!yes) {
                    throw DomainException.notFound("Contest", id);
                }
            });
        });
    }

    /** Anyone entitled to the contest: its organisers, a worker who may see it, a union admin of a unit in it. */
    Uni<ContestRow> visible(Caller caller, long id) {
        if (caller.is(Caller.WORKER)) {
            return visibleToWorker(caller, id);
        }
        return get(id).call(c -> organises(caller, c).chain(yes -> {
            if (yes) {
                return Uni.createFrom().voidItem();
            }
            Long own = caller.scopeEnterpriseId();
            if (c.phase().equals("DRAFT") || !caller.is(Caller.UNION_ADMIN)) {
                return Uni.createFrom().failure(DomainException.notFound("Contest", id));
            }
            if (own == null) {
                // a region's union inside the organiser's region (a county's, for its city's contest)
                return regionWithin(caller.scopeRegionId(), c).invoke(in -> {
                    if (!in) {
                        throw DomainException.notFound("Contest", id);
                    }
                }).replaceWithVoid();
            }
            return inScope(pool, c, own).invoke(in -> {
                if (!in) {
                    throw DomainException.notFound("Contest", id);
                }
            }).replaceWithVoid();
        }));
    }

    /** Whether the region lies in the organising region (never in an enterprise's contest). */
    private Uni<Boolean> regionWithin(Long regionId, ContestRow c) {
        if (regionId == null || !"R".equals(c.organiserKind())) {
            return Uni.createFrom().item(false);
        }
        return pool.preparedQuery("with recursive up as (select id, parent_id from region where id = $1"
                + " union all select r.id, r.parent_id from region r join up on r.id = up.parent_id)"
                + " select exists (select 1 from up where id = $2)").execute(Tuple.of(regionId, c.organiserId()))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    static DomainException wrongState(ContestRow c, String state, String wanted) {
        return DomainException.conflict("contest-state", "The contest is " + state + "; this needs it " + wanted);
    }

    /** The contests a list shows, by the condition on {@code c} and its parameters. */
    Uni<List<ContestRow>> list(String where, Tuple params) {
        return pool.preparedQuery("select " + COLUMNS + " from contest c where " + where + " order by c.starts_at desc, c.id desc limit 200")
                .execute(params).map(rows -> {
                    List<ContestRow> list = new java.util.ArrayList<>();
                    for (Row r : rows) {
                        list.add(row(r));
                    }
                    return list;
                });
    }
}
