package io.chuangguan.level;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.chuangguan.common.Caches;
import io.chuangguan.common.DomainException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Level definitions: the maps of the trades. Progress on them belongs to the challenge feature. */
@ApplicationScoped
public class LevelService {

    /** How long a trade's map is reused by starts and submissions: a changed map is seen within this time. */
    private static final Duration MAP_TTL = Duration.ofSeconds(30);

    /** Trades' maps, in order. */
    private final AsyncCache<Long, List<Level>> maps;
    /** The trade of a level (it never changes). */
    private final Cache<Long, Long> tradeOfLevel;


    private final Pool pool;

    public LevelService(Pool pool, MeterRegistry metrics) {
        this.pool = pool;
        this.maps = Caches.bounded("level-maps", 10_000, MAP_TTL, metrics);
        this.tradeOfLevel = Caffeine.newBuilder().maximumSize(200_000).build();
    }

    /** The trade's map, in order, from a short-lived cache: every start and submission needs a level and its neighbours. */
    public Uni<List<Level>> cachedMap(long tradeId) {
        return Caches.get(maps, tradeId, this::loadMap);
    }

    private Uni<List<Level>> loadMap(long tradeId) {
        return pool.preparedQuery("select " + Level.COLUMNS + " from level where trade_id = $1 and retired_at is null order by map_order")
                .execute(Tuple.of(tradeId))
                .map(rows -> {
                    List<Level> levels = new ArrayList<>(rows.size());
                    rows.forEach(r -> levels.add(Level.of(r)));
                    levels.forEach(level -> tradeOfLevel.put(level.id, tradeId));
                    return List.copyOf(levels);
                });
    }

    /** A level from its trade's cached map; a level not seen yet is looked up first. */
    public Uni<Level> cachedLevel(long id) {
        Long tradeId = tradeOfLevel.getIfPresent(id);
        Uni<Long> trade = tradeId != null ? Uni.createFrom().item(tradeId)
                : pool.preparedQuery("select trade_id from level where id = $1").execute(Tuple.of(id)).map(rows -> {
                    if (rows.size() == 0) {
                        throw DomainException.notFound("Level", id);
                    }
                    return rows.iterator().next().getLong(0);
                });
        return trade.chain(t -> cachedMap(t).chain(levels -> {
            Level level = levels.stream().filter(l -> l.id == id).findFirst().orElse(null);
            if (level != null) {
                return Uni.createFrom().item(level);
            }
            // added to the map after it was cached: read the map anew; not on it at all: a retired level
            maps.synchronous().invalidate(t);
            return cachedMap(t).chain(fresh -> fresh.stream().filter(l -> l.id == id).findFirst()
                    .map(l -> Uni.createFrom().item(l)).orElseGet(() -> retiredLevel(id)));
        }));
    }


    private Uni<Level> retiredLevel(long id) {
        return pool.preparedQuery("select " + Level.COLUMNS + " from level where id = $1").execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                throw DomainException.notFound("Level", id);
            }
            return Level.of(rows.iterator().next());
        });
    }

    /** After a map is published: this instance reads it anew at once, the others within the TTL. */
    public void forget(long tradeId) {
        maps.synchronous().invalidate(tradeId);
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

    /** The trade's map, in order (cached like {@link #cachedMap}). */
    public Uni<List<Level>> map(long tradeId) {
        return cachedMap(tradeId);
    }
}
