package io.chuangguan.leaderboard;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Names, enterprises and units of workers for board entries, from a short-lived in-memory cache filled by one
 * query for all the misses of a page (never a query per row).
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

    private record Cached(WorkerCard card, long loadedAt) {
    }

    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

    public Uni<Map<Long, WorkerCard>> cards(Collection<Long> accountIds) {
        long now = System.currentTimeMillis();
        Map<Long, WorkerCard> found = new HashMap<>();
        List<Long> missing = accountIds.stream().distinct().filter(id -> {
            Cached cached = cache.get(id);
            if (cached != null && now - cached.loadedAt() < TTL.toMillis()) {
                found.put(id, cached.card());
                return false;
            }
            return true;
        }).toList();
        if (missing.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        return load(missing).map(rows -> {
                    if (cache.size() > MAX_ENTRIES) {
                        cache.clear();
                    }
                    for (Object[] row : rows) {
                        WorkerCard card = card(row);
                        cache.put(card.accountId(), new Cached(card, now));
                        found.put(card.accountId(), card);
                    }
                    return found;
                });
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
