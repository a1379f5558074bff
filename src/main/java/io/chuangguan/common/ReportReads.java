package io.chuangguan.common;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The heavy reads that may trail the submissions by seconds (the union's figures and worker lists, the question
 * statistics): served by a PostgreSQL streaming replica when one is configured ({@code quarkus.datasource.replica},
 * APP_REPLICA_URL) and has replayed what the primary had written {@code app.replica.max-lag} ago; otherwise, and when
 * a read on the replica fails, by the primary. Every read is counted by who served it and why
 * ({@code chuangguan_report_reads_total{served_by,reason}}).
 * <p>
 * The lag is measured without writing anything: every check notes the primary's WAL position and the time, and the
 * replica is as far behind as the oldest noted position it has not replayed yet (so an idle primary means no lag, and a
 * replica cut off from a busy primary falls behind by the clock).
 */
@Startup
@ApplicationScoped
public class ReportReads {

    private static final Logger LOG = Logger.getLogger(ReportReads.class);
    /** An hour of checks at one a second: a replica further behind is far beyond any max-lag anyway. */
    private static final int MOST_SAMPLES = 3_600;

    private final Pool primary;
    private final Pool replica;
    private final long maxLagNanos;

    /** (nanoTime, primary's WAL position) of the checks whose position the replica had not replayed at the last look. */
    private final Deque<long[]> unreplayed = new ArrayDeque<>();
    /** nanoTime of the oldest position not replayed, or Long.MAX_VALUE when the replica had replayed them all. */
    private volatile long oldestUnreplayedAt = Long.MAX_VALUE;
    private volatile boolean replicaUp;

    private final Counter byReplica;
    private final Counter lagging;
    private final Counter down;
    private final Counter failed;
    private final Counter noReplica;

    @Inject
    public ReportReads(Pool primary, @ReactiveDataSource("replica") InjectableInstance<Pool> replica, AppConfig config,
            MeterRegistry metrics) {
        this.primary = primary;
        this.replica = replica.isResolvable() && replica.getHandle().getBean().isActive() ? replica.get() : null;
        this.maxLagNanos = config.replica().maxLag().toNanos();
        String name = "chuangguan.report.reads";
        this.byReplica = metrics.counter(name, "served_by", "replica", "reason", "fresh");
        this.lagging = metrics.counter(name, "served_by", "primary", "reason", "replica-lagging");
        this.down = metrics.counter(name, "served_by", "primary", "reason", "replica-down");
        this.failed = metrics.counter(name, "served_by", "primary", "reason", "replica-failed");
        this.noReplica = metrics.counter(name, "served_by", "primary", "reason", "no-replica");
        if (this.replica != null) {
            metrics.gauge("chuangguan.replica.up", this, r -> r.replicaUp ? 1 : 0);
            metrics.gauge("chuangguan.replica.lag.seconds", this, r -> r.replicaUp ? r.lag().toMillis() / 1000.0 : Double.NaN);
            LOG.infof("Heavy reads go to the PostgreSQL replica while it is at most %s behind", config.replica().maxLag());
        }
    }

    /** The rows of a read that may trail the primary by up to max-lag. */
    public Uni<RowSet<Row>> query(String sql, Tuple arguments) {
        if (replica == null) {
            noReplica.increment();
            return primary.preparedQuery(sql).execute(arguments);
        }
        if (!replicaUp) {
            down.increment();
            return primary.preparedQuery(sql).execute(arguments);
        }
        if (lag().toNanos() > maxLagNanos) {
            lagging.increment();
            return primary.preparedQuery(sql).execute(arguments);
        }
        return replica.preparedQuery(sql).execute(arguments).invoke(rows -> byReplica.increment()).onFailure().recoverWithUni(e -> {
            // gone since the last check, or a query cancelled by a conflict with recovery: the primary answers
            LOG.warnf("A read on the replica failed, the primary answers it: %s", e.toString());
            failed.increment();
            return primary.preparedQuery(sql).execute(arguments);
        });
    }

    /** How far behind the replica is now (zero when it had replayed everything at the last check). */
    public Duration lag() {
        long oldest = oldestUnreplayedAt;
        return oldest == Long.MAX_VALUE ? Duration.ZERO : Duration.ofNanos(Math.max(0, System.nanoTime() - oldest));
    }

    public boolean replicaUp() {
        return replicaUp;
    }

    @Scheduled(every = "${app.replica.check-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        if (replica == null) {
            return Uni.createFrom().voidItem();
        }
        long at = System.nanoTime();
        return primary.query("select (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint").execute()
                .map(rows -> rows.iterator().next().getLong(0))
                // noted even when the replica does not answer: back from an outage, it is as far behind as it was away
                .invoke(written -> written(at, written))
                .chain(written -> replica.query("select pg_is_in_recovery(), (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint").execute()
                        .invoke(rows -> {
                            Row row = rows.iterator().next();
                            // a server not in recovery (a promoted replica) has everything it serves
                            long replayed = row.getBoolean(0) ? row.getLong(1) : Long.MAX_VALUE;
                            replayed(replayed);
                            if (!replicaUp) {
                                LOG.info("The PostgreSQL replica answers: heavy reads go to it while it keeps up");
                            }
                            replicaUp = true;
                        }).onFailure().invoke(e -> {
                            if (replicaUp) {
                                LOG.warnf("The PostgreSQL replica does not answer, the primary serves every read: %s", e.toString());
                            }
                            replicaUp = false;
                        }))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Notes the primary's position at {@code at}. */
    private synchronized void written(long at, long written) {
        if (unreplayed.size() < MOST_SAMPLES && (unreplayed.isEmpty() || unreplayed.peekLast()[1] < written)) {
            unreplayed.addLast(new long[] { at, written });
        }
        oldestUnreplayedAt = unreplayed.peekFirst()[0];
    }

    /** Forgets the noted positions the replica has replayed. */
    private synchronized void replayed(long replayed) {
        while (!unreplayed.isEmpty() && unreplayed.peekFirst()[1] <= replayed) {
            unreplayed.removeFirst();
        }
        oldestUnreplayedAt = unreplayed.isEmpty() ? Long.MAX_VALUE : unreplayed.peekFirst()[0];
    }
}
