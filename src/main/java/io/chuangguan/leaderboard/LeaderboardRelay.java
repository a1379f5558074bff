package io.chuangguan.leaderboard;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.common.Periods;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Relays board updates that did not reach Redis right after their submission (Redis down or slow): every few
 * seconds it takes waiting outbox rows, writes the workers' current totals and deletes the rows, all or nothing.
 */
@ApplicationScoped
public class LeaderboardRelay {

    private static final Logger LOG = Logger.getLogger(LeaderboardRelay.class);
    private static final int BATCH = 500;

    private final LeaderboardService leaderboards;
    private final LeaderboardStore store;

    public LeaderboardRelay(LeaderboardService leaderboards, LeaderboardStore store) {
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

    /** Relays one batch; the number of outbox rows relayed. */
    public Uni<Integer> relay() {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select id, account_id, week, month from leaderboard_outbox order by id limit " + BATCH + " for update skip locked",
                Object[].class).getResultList()).chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Set<Long> accounts = new TreeSet<>();
                    Set<String> periods = new TreeSet<>(Set.of(Periods.ALL_TIME));
                    List<Long> ids = rows.stream().map(r -> ((Number) r[0]).longValue()).toList();
                    for (Object[] row : rows) {
                        accounts.add(((Number) row[1]).longValue());
                        periods.add((String) row[2]);
                        periods.add((String) row[3]);
                    }
                    return leaderboards.entries(accounts, periods)
                            .call(store::write)
                            .chain(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                                    "delete from leaderboard_outbox where id in (:ids)").setParameter("ids", ids).executeUpdate()))
                            .invoke(n -> LOG.infof("Relayed %d board updates for %d workers", n, accounts.size()));
                }));
    }
}
