package io.chuangguan.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.common.Periods;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Relays board updates that did not reach Redis right after their submission (Redis down or slow): every few
 * seconds it takes waiting outbox rows, writes the workers' current totals and deletes the rows, all or nothing.
 */
@ApplicationScoped
public class LeaderboardRelay {

    private static final Logger LOG = Logger.getLogger(LeaderboardRelay.class);
    private static final int BATCH = 500;

    private final Pool pool;
    private final LeaderboardService leaderboards;
    private final LeaderboardStore store;

    public LeaderboardRelay(Pool pool, LeaderboardService leaderboards, LeaderboardStore store) {
        this.pool = pool;
        this.leaderboards = leaderboards;
        this.store = store;
    }

    @Scheduled(every = "${app.leaderboard.relay-every:5s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return relay().onFailure().recoverWithItem(e -> {
            LOG.debugf("Leaderboard relay waits for Redis: %s", e.toString());
            return 0;
        }).replaceWithVoid();
    }

    /**
     * Relays one batch; the number of outbox rows relayed. Everything runs on the transaction's own connection:
     * holding the rows' locks while waiting for a second connection from the pool could starve it.
     */
    public Uni<Integer> relay() {
        return pool.withTransaction(c -> c.query(
                // younger rows are usually written already and wait for SyncedOutbox's next delete
                "select id, account_id, week, month from leaderboard_outbox where created_at < now() - interval '3 seconds'"
                        + " order by id limit " + BATCH + " for update skip locked")
                .execute().chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    Set<Long> accounts = new TreeSet<>();
                    Set<String> periods = new TreeSet<>(Set.of(Periods.ALL_TIME));
                    List<Long> ids = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getLong(0));
                        accounts.add(row.getLong(1));
                        periods.add(row.getString(2));
                        periods.add(row.getString(3));
                    }
                    return leaderboards.entries(c, accounts, periods)
                            .call(store::write)
                            .chain(() -> c.preparedQuery("delete from leaderboard_outbox where id = any($1::bigint[])")
                                    .execute(Tuple.of(ids.toArray(Long[]::new))))
                            .map(deleted -> deleted.rowCount())
                            .invoke(n -> LOG.infof("Relayed %d board updates for %d workers", n, accounts.size()));
                }));
    }
}
