package io.chuangguan.common;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The application's in-memory caches: Caffeine, bounded in size, each load of a key made once however many requests
 * ask for it at the same moment (the others wait for it), and reported to Micrometer under its name
 * ({@code cache_gets_total{cache="level-maps",result="hit"}}, {@code cache_size}, evictions).
 * <p>
 * Loads are reactive (a {@link Uni}); a request that waited for another request's load gets its answer back on its
 * own Vert.x context, as if it had loaded it itself.
 */
public final class Caches {

    private Caches() {
    }

    /** A cache of at most {@code maxSize} entries, each kept {@code ttl} after it was loaded (null: until evicted). */
    public static <K, V> AsyncCache<K, V> bounded(String name, long maxSize, Duration ttl, MeterRegistry metrics) {
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(maxSize).recordStats();
        if (ttl != null) {
            builder.expireAfterWrite(ttl);
        }
        AsyncCache<K, V> cache = builder.buildAsync();
        CaffeineCacheMetrics.monitor(metrics, cache.synchronous(), name);
        return cache;
    }

    /** The key's value, loaded by {@code loader} unless cached or being loaded already. */
    public static <K, V> Uni<V> get(AsyncCache<K, V> cache, K key, Function<K, Uni<V>> loader) {
        Context context = Vertx.currentContext();
        CompletableFuture<V> value = cache.get(key, (k, executor) -> loader.apply(k).subscribeAsCompletionStage());
        return answer(value, context);
    }

    /**
     * The values of these keys, the missing ones loaded together by one call of {@code loader} (which answers a map,
     * without the keys it did not find; those are not cached).
     */
    public static <K, V> Uni<Map<K, V>> getAll(AsyncCache<K, V> cache, Collection<K> keys,
            Function<Set<? extends K>, Uni<Map<K, V>>> loader) {
        Context context = Vertx.currentContext();
        CompletableFuture<Map<K, V>> values = cache.getAll(keys, (missing, executor) -> loader.apply(missing).subscribeAsCompletionStage());
        return answer(values, context);
    }

    private static <T> Uni<T> answer(CompletableFuture<T> future, Context context) {
        if (future.isDone() && !future.isCompletedExceptionally()) {
            return Uni.createFrom().item(future.join());
        }
        Uni<T> answer = Uni.createFrom().completionStage(future);
        return context == null ? answer : answer.emitOn(task -> context.runOnContext(v -> task.run()));
    }
}
