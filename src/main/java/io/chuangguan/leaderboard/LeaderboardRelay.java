package io.chuangguan.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.common.Periods;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Relays board updates that did not reach Redis right after their submission (Redis down or slow): every few
 * seconds it takes waiting outbox rows, writes the workers' current totals and deletes the rows, all or nothing.
 * Made at start-up, so that its gauges and counters are scraped (and alerted on) before its first run.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class LeaderboardRelay {

    private static final Logger LOG = Logger.getLogger(LeaderboardRelay.class);
    private static final int BATCH = 500;
    static final int MAX_FAILURES = 5;

    private final Pool pool;
    private final LeaderboardService leaderboards;
    private final LeaderboardStore store;

    private final Counter parkedRows;

    private final Counter failures;
    private final AtomicLong outboxDepth = new AtomicLong();
    private final AtomicLong outboxAgeSeconds = new AtomicLong();
    private final AtomicLong parkedNow = new AtomicLong();

    public LeaderboardRelay(Pool pool, LeaderboardService leaderboards, LeaderboardStore store, MeterRegistry metrics) {
        this.pool = pool;
        this.leaderboards = leaderboards;
        this.store = store;
        this.parkedRows = metrics.counter("chuangguan.leaderboard.outbox.parked");
        this.failures = metrics.counter("chuangguan.leaderboard.relay.failures");
        // what an operator alerts on: board updates waiting, and for how long (the same on every instance)
        metrics.gauge("chuangguan.leaderboard.outbox.depth", outboxDepth);
        metrics.gauge("chuangguan.leaderboard.outbox.age.seconds", outboxAgeSeconds);
        metrics.gauge("chuangguan.leaderboard.outbox.parked.rows", parkedNow);
    }

    @Scheduled(every = "${app.leaderboard.relay-every:5s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        // a Redis without the marker is about to be rebuilt from PostgreSQL: the rows wait for the rebuilt boards
        return store.exists(LeaderboardKeys.MARKER).chain(ready -> ready ? relay() : Uni.createFrom().item(0))
                .onFailure().recoverWithItem(e -> {
                    failures.increment();
                    LOG.warnf("Leaderboard relay waits for Redis: %s", e.toString());
                    return 0;
                }).chain(this::measureOutbox).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The outbox's waiting rows, the oldest one's age and the parked rows, for the gauges. */
    Uni<Void> measureOutbox() {
        return pool.query("select count(*) filter (where parked_at is null), count(*) filter (where parked_at is not null),"
                + " coalesce(extract(epoch from now() - min(created_at) filter (where parked_at is null)), 0)::bigint"
                + " from leaderboard_outbox").execute().invoke(rows -> {
                    Row r = rows.iterator().next();
                    outboxDepth.set(r.getLong(0));
                    parkedNow.set(r.getLong(1));
                    outboxAgeSeconds.set(r.getLong(2));
                }).replaceWithVoid();
    }

    /**
     * Relays one batch; the number of outbox rows relayed. Everything runs on the transaction's own connection:
     * holding the rows' locks while waiting for a second connection from the pool could starve it. A batch that Redis
     * refuses while it answers otherwise is relayed worker by worker: a worker whose update keeps failing (a poison
     * row) is counted, and parked after {@value #MAX_FAILURES} tries, instead of holding up everybody behind it.
     */
    public Uni<Integer> relay() {
        return pool.withTransaction(c -> c.query(
                // younger rows are usually written already and wait for SyncedOutbox's next delete
                "select id, account_id, week, month from leaderboard_outbox where parked_at is null"
                        + " and created_at < now() - interval '3 seconds' order by id limit " + BATCH + " for update skip locked")
                .execute().chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    Map<Long, Waiting> byWorker = new TreeMap<>();
                    for (Row row : rows) {
                        Waiting waiting = byWorker.computeIfAbsent(row.getLong(1), k -> new Waiting());
                        waiting.ids.add(row.getLong(0));
                        waiting.periods.add(row.getString(2));
                        waiting.periods.add(row.getString(3));
                    }
                    return write(c, byWorker.keySet(), byWorker.values())
                            .map(ok -> List.copyOf(byWorker.keySet()))
                            .onFailure().recoverWithUni(failure -> store.ping()
                                    // Redis away: everything waits for the next round, nothing is counted against a row
                                    .onFailure().transform(e -> failure)
                                    .chain(() -> oneByOne(c, byWorker)))
                            .chain(relayed -> {
                                List<Long> ids = new ArrayList<>();
                                relayed.forEach(account -> ids.addAll(byWorker.get(account).ids));
                                return c.preparedQuery("delete from leaderboard_outbox where id = any($1::bigint[])")
                                        .execute(Tuple.of(ids.toArray(Long[]::new)))
                                        .map(deleted -> deleted.rowCount())
                                        .invoke(n -> LOG.infof("Relayed %d board updates for %d workers", n, relayed.size()));
                            });
                }));
    }

    /** The waiting rows of one worker and the periods they touch. */
    private static final class Waiting {
        final List<Long> ids = new ArrayList<>();
        final Set<String> periods = new TreeSet<>(Set.of(Periods.ALL_TIME));
    }

    private Uni<Void> write(SqlClient c, Set<Long> accounts, java.util.Collection<Waiting> waiting) {
        Set<String> periods = new TreeSet<>();
        waiting.forEach(w -> periods.addAll(w.periods));
        return leaderboards.entries(c, accounts, periods).chain(store::write);
    }

    /** Each worker's update alone; the workers relayed. A worker that fails is counted and, at the limit, parked. */
    private Uni<List<Long>> oneByOne(SqlClient c, Map<Long, Waiting> byWorker) {
        List<Long> relayed = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<Long, Waiting> worker : byWorker.entrySet()) {
            chain = chain.chain(() -> write(c, Set.of(worker.getKey()), List.of(worker.getValue()))
                    .invoke(() -> relayed.add(worker.getKey()))
                    .onFailure().recoverWithUni(e -> failed(c, worker.getKey(), worker.getValue().ids, e)));
        }
        return chain.map(v -> relayed);
    }

    private Uni<Void> failed(SqlClient c, long accountId, List<Long> ids, Throwable failure) {
        return c.preparedQuery("update leaderboard_outbox set failures = failures + 1,"
                + " parked_at = case when failures + 1 >= $2 then now() end where id = any($1::bigint[]) returning parked_at")
                .execute(Tuple.of(ids.toArray(Long[]::new), MAX_FAILURES))
                .invoke(rows -> {
                    boolean parked = rows.size() > 0 && rows.iterator().next().getValue(0) != null;
                    if (parked) {
                        parkedRows.increment(ids.size());
                        LOG.warnf("Parked %d outbox rows of account %d after %d failed relays (%s): its boards miss them until"
                                + " an operator clears parked_at or a rebuild runs", ids.size(), accountId, MAX_FAILURES, failure.toString());
                    } else {
                        LOG.warnf("Board update of account %d failed while Redis answers (%s): tried again next round",
                                accountId, failure.toString());
                    }
                }).replaceWithVoid();
    }
}
