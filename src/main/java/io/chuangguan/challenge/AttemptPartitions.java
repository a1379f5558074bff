package io.chuangguan.challenge;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Keeps the months ahead of {@code attempt} made (V21: a month's partition holds the ids of the attempts started in it,
 * Asia/Shanghai): every hour, from start-up, the current month and the next {@link #MONTHS_AHEAD} exist. A start
 * in a month without its partition would fail, so the gauge {@code chuangguan_attempt_partitions_ahead} (whole months
 * made beyond the current one) is alerted on below 2.
 */
@Startup
@ApplicationScoped
public class AttemptPartitions {

    private static final Logger LOG = Logger.getLogger(AttemptPartitions.class);
    static final int MONTHS_AHEAD = 3;

    private final Pool pool;
    private final AtomicLong monthsAhead = new AtomicLong(-1);

    public AttemptPartitions(Pool pool, MeterRegistry metrics) {
        this.pool = pool;
        metrics.gauge("chuangguan.attempt.partitions.ahead", monthsAhead);
    }

    @Scheduled(every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return makeAhead().onFailure().recoverWithItem(e -> {
            LOG.warnf("Partitions of attempt not made ahead (tried again in an hour): %s", e.toString());
            return 0;
        }).chain(this::measure).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Makes the missing months' partitions (none when another instance is making them); how many it made. */
    public Uni<Integer> makeAhead() {
        return pool.withTransaction(c -> c.preparedQuery("select attempt_partitions_ahead($1)").execute(io.vertx.mutiny.sqlclient.Tuple.of(MONTHS_AHEAD)))
                .map(rows -> rows.iterator().next().getInteger(0))
                .invoke(made -> {
                    if (made > 0) {
                        LOG.infof("Made %d month(s) of attempt partitions ahead", made);
                    }
                });
    }

    /** The whole months made beyond the current one. */
    Uni<Long> measure(Object ignored) {
        return pool.query("""
                select count(*) from pg_inherits i join pg_class p on p.oid = i.inhrelid
                where i.inhparent = 'attempt'::regclass and p.relname ~ '^attempt_[0-9]{4}_[0-9]{2}$'
                  and p.relname > 'attempt_' || to_char(now() at time zone 'Asia/Shanghai', 'YYYY_MM')""").execute()
                .map(rows -> rows.iterator().next().getLong(0)).invoke(monthsAhead::set);
    }

    long monthsAhead() {
        return monthsAhead.get();
    }
}
