package io.chuangguan.leaderboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.Periods;
import io.chuangguan.common.PipelineRider;
import io.chuangguan.leaderboard.LeaderboardStore.Member;
import io.chuangguan.leaderboard.LeaderboardViews.BoardView;
import io.chuangguan.leaderboard.LeaderboardViews.Entry;
import io.chuangguan.leaderboard.LeaderboardViews.MyPlaceView;
import io.chuangguan.leaderboard.LeaderboardViews.RankPair;
import io.chuangguan.leaderboard.LeaderboardViews.Ranks;
import io.chuangguan.leaderboard.WorkerDirectory.WorkerCard;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Board writes after a submission, and every board read. PostgreSQL's point totals are what boards show. */
@ApplicationScoped
public class LeaderboardService {

    private static final Logger LOG = Logger.getLogger(LeaderboardService.class);
    /** A submission waits this long for its ranks before answering "pending". */
    private static final Duration RANK_WAIT = Duration.ofSeconds(2);
    public static final int MAX_LIMIT = 100;

    private final Pool pool;
    private final LeaderboardStore store;
    private final WorkerDirectory directory;
    private final SyncedOutbox syncedOutbox;
    private final Clock clock;
    private final ZoneId zone;

    public LeaderboardService(Pool pool, LeaderboardStore store, WorkerDirectory directory, SyncedOutbox syncedOutbox, Clock clock,
            AppConfig config) {
        this.pool = pool;
        this.store = store;
        this.directory = directory;
        this.syncedOutbox = syncedOutbox;
        this.clock = clock;
        this.zone = config.zone();
    }

    /**
     * After the submission committed: writes the totals it left to every board of the worker (none when it earned
     * nothing; {@code null}, for a repeated submission, reads them from PostgreSQL, so the repeat shows the same ranks
     * as the first), hands the attempt's outbox row to {@link SyncedOutbox} and reads the ranks the phone shows; the
     * rider's commands go in the same pipeline. Redis down or slow: ranks are pending and the outbox relay finishes the
     * job (the rider's commands are lost).
     */
    public Uni<Ranks> syncAndRank(long accountId, long attemptId, Instant at, List<PeriodTotal> totals, PipelineRider rider) {
        String week = Periods.week(at, zone);
        return directory.card(accountId).chain(card -> {
            if (card == null) {
                return Uni.createFrom().item(Ranks.PENDING);
            }
            Uni<List<BoardEntry>> entries = totals == null
                    ? entries(List.of(accountId), List.of(Periods.ALL_TIME, week, Periods.month(at, zone)))
                    : Uni.createFrom().item(totals.stream()
                            .map(t -> new BoardEntry(accountId, card.units(), t.period(), t.points(), t.reachedAt())).toList());
            List<String> keys = rankKeys(card, week);
            return entries.chain(list -> store.writeAndRank(list, accountId, keys, rider).invoke(() -> {
                if (!list.isEmpty()) {
                    syncedOutbox.synced(attemptId);
                }
            })).map(ranks -> ranks(ranks, keys));
        })
                .ifNoItem().after(RANK_WAIT).fail()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Ranks pending for account %d: %s", accountId, e.toString());
                    return Ranks.PENDING;
                });
    }

    /** The boards whose ranks a submission answers with: trade, enterprise, province; this week and all time. */
    private static List<String> rankKeys(WorkerCard card, String week) {
        List<String> keys = new ArrayList<>(6);
        for (Scope scope : List.of(Scope.TRADE, Scope.ENTERPRISE, Scope.PROVINCE)) {
            long unit = card.units().get(scope);
            keys.add(LeaderboardKeys.board(scope, unit, week));
            keys.add(LeaderboardKeys.board(scope, unit, Periods.ALL_TIME));
        }
        return keys;
    }

    private static Ranks ranks(Map<String, Long> r, List<String> keys) {
        return new Ranks("OK",
                new RankPair(r.get(keys.get(0)), r.get(keys.get(1))),
                new RankPair(r.get(keys.get(2)), r.get(keys.get(3))),
                new RankPair(r.get(keys.get(4)), r.get(keys.get(5))));
    }

    /** Totals of these workers in these periods, with their units. */
    Uni<List<BoardEntry>> entries(Collection<Long> accountIds, Collection<String> periods) {
        return entries(pool, accountIds, periods);
    }

    /** The same, read through {@code client} (the relay passes its transaction's connection). */
    Uni<List<BoardEntry>> entries(SqlClient client, Collection<Long> accountIds, Collection<String> periods) {
        return client.preparedQuery(BoardEntry.SELECT + " where pt.account_id = any($1::bigint[]) and pt.period = any($2::text[])")
                .execute(Tuple.of(accountIds.toArray(Long[]::new), periods.toArray(String[]::new)))
                .map(rows -> {
                    List<BoardEntry> entries = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        Object[] values = new Object[row.size()];
                        for (int i = 0; i < values.length; i++) {
                            values[i] = row.getValue(i);
                        }
                        entries.add(BoardEntry.of(values));
                    }
                    return entries;
                });
    }

    // ---- reads --------------------------------------------------------------------------------------

    /** A page of a board. Boards are public within the province; {@code scopeId} defaults to the caller's unit. */
    public Uni<BoardView> board(Caller caller, Scope scope, Period period, Long scopeId, long offset, int limit) {
        String label = PeriodClock.label(period, clock.instant(), zone);
        return unitOf(caller, scope, scopeId).chain(unit -> {
            String key = LeaderboardKeys.board(scope, unit, label);
            return store.slice(key, offset, limit).chain(slice -> entries(slice.members(), offset)
                    .map(entries -> new BoardView(LeaderboardKeys.boardName(scope, unit), scope, unit, period, label,
                            slice.size(), entries)));
        });
    }

    /** The caller's rank and points on a board of their own, with {@code around} neighbours on each side. */
    public Uni<MyPlaceView> me(Caller caller, Scope scope, Period period, int around) {
        String label = PeriodClock.label(period, clock.instant(), zone);
        long accountId = caller.accountId();
        return unitOf(caller, scope, null).chain(unit -> {
            String key = LeaderboardKeys.board(scope, unit, label);
            String board = LeaderboardKeys.boardName(scope, unit);
            return store.position(key, accountId).chain(position -> {
                if (position == null) {
                    return store.slice(key, 0, 1).map(slice -> new MyPlaceView(board, scope, unit, period, label, slice.size(),
                            null, null, List.of()));
                }
                long rank = position.rank();
                long from = Math.max(0, rank - around);
                return store.slice(key, from, (int) (rank - from + around + 1)).chain(slice -> entries(slice.members(), from)
                        .map(entries -> new MyPlaceView(board, scope, unit, period, label, slice.size(), rank + 1,
                                ScoreCodec.points(position.score()), entries)));
            });
        });
    }

    private Uni<List<Entry>> entries(List<Member> members, long offset) {
        return directory.cards(members.stream().map(Member::accountId).toList()).map(cards -> {
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                Member m = members.get(i);
                WorkerCard card = cards.get(m.accountId());
                entries.add(new Entry(offset + i + 1, m.accountId(), card == null ? null : card.displayName(),
                        card == null ? null : card.enterprise(), ScoreCodec.points(m.score())));
            }
            return entries;
        });
    }

    /**
     * The units a caller who is not a worker belongs to: a union admin's region and the regions above it (or their
     * enterprise, its county, city, province and industry), a trainer's one industry, and for everyone the province
     * when the database holds one.
     */
    private Uni<Map<Scope, Long>> unitsOfStaff(Caller caller) {
        Long region = caller.scopeRegionId();
        Long enterprise = caller.scopeEnterpriseId();
        return pool.preparedQuery("""
                with recursive up (id, parent_id, level) as (
                    select r.id, r.parent_id, r.level from region r
                     where r.id = coalesce($1, (select e.region_id from enterprise e where e.id = $2))
                    union all
                    select r.id, r.parent_id, r.level from region r join up on r.id = up.parent_id)
                select level, id from up
                union all select 'INDUSTRY', e.industry_id from enterprise e where e.id = $2
                union all select 'ONLY_PROVINCE', p.id from region p where p.parent_id is null
                    and (select count(*) from region where parent_id is null) = 1
                """).execute(Tuple.of(region, enterprise)).map(rows -> {
                    Map<Scope, Long> units = new java.util.EnumMap<>(Scope.class);
                    for (Row row : rows) {
                        String level = row.getString(0);
                        Scope scope = level.equals("ONLY_PROVINCE") ? Scope.PROVINCE : Scope.valueOf(level);
                        units.putIfAbsent(scope, row.getLong(1));
                    }
                    if (enterprise != null) {
                        units.put(Scope.ENTERPRISE, enterprise);
                    }
                    if (caller.industryIds().size() == 1) {
                        units.putIfAbsent(Scope.INDUSTRY, caller.industryIds().get(0));
                    }
                    return units;
                });
    }

    /** The unit a board is for: the one asked for, or the caller's own. */
    Uni<Long> unitOf(Caller caller, Scope scope, Long scopeId) {
        if (scopeId != null) {
            return Uni.createFrom().item(scopeId);
        }
        if (!caller.is(Caller.WORKER)) {
            return unitsOfStaff(caller).map(units -> {
                Long unit = units.get(scope);
                if (unit == null) {
                    throw new DomainException(400, "scope-id-required", "Bad Request",
                            "Name the " + scope + " board's unit with scopeId");
                }
                return unit;
            });
        }
        return directory.card(caller.accountId()).map(card -> {
            Long unit = card == null ? null : card.units().get(scope);
            if (unit == null) {
                throw new DomainException(400, "scope-id-required", "Bad Request", "You belong to no " + scope + "; name one with scopeId");
            }
            return unit;
        });
    }

}
