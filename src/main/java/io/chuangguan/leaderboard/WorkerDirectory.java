package io.chuangguan.leaderboard;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.AsyncCache;

import io.chuangguan.common.Caches;
import io.micrometer.core.instrument.MeterRegistry;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Names, enterprises and units of workers for board entries, from a short-lived in-memory cache filled by one
 * query for all the misses of a page (never a query per row). A worker not found is not cached.
 */
@ApplicationScoped
public class WorkerDirectory {

    private static final Duration TTL = Duration.ofMinutes(10);
    private static final int MAX_ENTRIES = 500_000;
    private static final String SELECT = "select a.id, a.display_name, e.name, " + BoardUnits.COLUMNS
            + " from account a join worker w on w.account_id = a.id" + BoardUnits.JOINS + " where a.id in (:ids)";

    /** A worker as boards show them, and the unit of each scope they belong to. */
    public record WorkerCard(long accountId, String displayName, String enterprise, Map<Scope, Long> units) {
    }

    private final AsyncCache<Long, WorkerCard> cache;

    public WorkerDirectory(MeterRegistry metrics) {
        this.cache = Caches.bounded("worker-cards", MAX_ENTRIES, TTL, metrics);
    }

    public Uni<Map<Long, WorkerCard>> cards(Collection<Long> accountIds) {
        return Caches.getAll(cache, accountIds, missing -> load(List.copyOf(missing)).map(rows -> {
            Map<Long, WorkerCard> found = new HashMap<>();
            for (Object[] row : rows) {
                WorkerCard card = card(row);
                found.put(card.accountId(), card);
            }
            return found;
        }));
    }

    @WithSession
    Uni<List<Object[]>> load(List<Long> accountIds) {
        return Panache.getSession().chain(s -> s.createNativeQuery(SELECT, Object[].class).setParameter("ids", accountIds).getResultList());
    }

    public Uni<WorkerCard> card(long accountId) {
        return cards(List.of(accountId)).map(cards -> cards.get(accountId));
    }

    private static WorkerCard card(Object[] row) {
        return new WorkerCard(((Number) row[0]).longValue(), (String) row[1], (String) row[2], BoardUnits.from(row, 3));
    }
}
