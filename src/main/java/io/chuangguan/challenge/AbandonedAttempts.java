package io.chuangguan.challenge;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.common.AppConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Closes attempts left open past their time limit and grace (a phone that never came back, a script that starts and
 * walks away), as timed out, so that open attempts do not pile up. A submission past that time would be refused
 * anyway; rows another instance is closing are skipped.
 */
@ApplicationScoped
public class AbandonedAttempts {

    private static final Logger LOG = Logger.getLogger(AbandonedAttempts.class);
    private static final int BATCH = 1_000;

    private final Pool pool;
    private final Clock clock;
    private final Duration grace;

    public AbandonedAttempts(Pool pool, Clock clock, AppConfig config) {
        this.pool = pool;
        this.clock = clock;
        this.grace = config.challenge().submitGrace();
    }

    @Scheduled(every = "${app.challenge.close-abandoned-every:1m}", delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return closeAll().onFailure().recoverWithItem(e -> {
            LOG.warnf("Closing abandoned attempts failed, the next pass tries again: %s", e.toString());
            return 0;
        }).replaceWithVoid();
    }

    /** Closes every abandoned attempt, a batch at a time; how many. */
    public Uni<Integer> closeAll() {
        return closeBatch().chain(n -> n < BATCH ? Uni.createFrom().item(n) : closeAll().map(more -> n + more));
    }

    private Uni<Integer> closeBatch() {
        return pool.preparedQuery("""
                update attempt set status = 'TIMED_OUT' where id in (
                    select id from attempt where status = 'OPEN' and expires_at < $1
                    order by expires_at limit $2 for update skip locked)""")
                .execute(Tuple.of(clock.instant().minus(grace).atOffset(java.time.ZoneOffset.UTC), BATCH))
                .map(rows -> rows.rowCount())
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("Closed %d abandoned attempts as timed out", n);
                    }
                });
    }
}
