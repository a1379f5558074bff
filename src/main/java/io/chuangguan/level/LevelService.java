package io.chuangguan.level;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.common.DomainException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Level definitions: the maps of the trades. Progress on them belongs to the challenge feature. */
@ApplicationScoped
public class LevelService {

    /** How long a trade's map is reused by starts and submissions: a changed map is seen within this time. */
    private static final long MAP_TTL_MILLIS = 30_000;

    private record CachedMap(List<Level> levels, long loadedAt) {
    }

    private final Map<Long, CachedMap> maps = new ConcurrentHashMap<>();
    private final Map<Long, Long> tradeOfLevel = new ConcurrentHashMap<>();

    /** The trade's map, in order, from a short-lived cache: every start and submission needs a level and its neighbours. */
    public Uni<List<Level>> cachedMap(long tradeId) {
        long now = System.currentTimeMillis();
        CachedMap cached = maps.get(tradeId);
        if (cached != null && now - cached.loadedAt() < MAP_TTL_MILLIS) {
            return Uni.createFrom().item(cached.levels());
        }
        return map(tradeId).invoke(levels -> {
            maps.put(tradeId, new CachedMap(List.copyOf(levels), now));
            levels.forEach(level -> tradeOfLevel.put(level.id, tradeId));
        });
    }

    /** A level from its trade's cached map; a level not seen yet is looked up first. */
    public Uni<Level> cachedLevel(long id) {
        Long tradeId = tradeOfLevel.get(id);
        Uni<Long> trade = tradeId != null ? Uni.createFrom().item(tradeId) : level(id).map(level -> level.tradeId);
        return trade.chain(this::cachedMap).chain(levels -> {
            Level level = levels.stream().filter(l -> l.id == id).findFirst().orElse(null);
            if (level == null) {
                // Added to the map after it was cached: read the map anew.
                maps.remove(tradeOfLevel.getOrDefault(id, -1L));
                return level(id).chain(found -> cachedMap(found.tradeId)).map(fresh -> fresh.stream()
                        .filter(l -> l.id == id).findFirst().orElseThrow(() -> DomainException.notFound("Level", id)));
            }
            return Uni.createFrom().item(level);
        });
    }

    /** The level before {@code level} in its (ordered) map, or null for the first. */
    public static Level previousIn(List<Level> map, Level level) {
        Level previous = null;
        for (Level l : map) {
            if (l.mapOrder < level.mapOrder) {
                previous = l;
            }
        }
        return previous;
    }

    /** The level after {@code level} in its (ordered) map, or null for the last. */
    public static Level nextIn(List<Level> map, Level level) {
        return map.stream().filter(l -> l.mapOrder > level.mapOrder).findFirst().orElse(null);
    }

    @WithSession
    public Uni<Level> level(long id) {
        return Level.<Level>findById(id).onItem().ifNull().failWith(() -> DomainException.notFound("Level", id));
    }

    /** The trade's map, in order. */
    @WithSession
    public Uni<List<Level>> map(long tradeId) {
        return Level.list("tradeId", Sort.by("mapOrder"), tradeId);
    }
}
