package io.chuangguan.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * Loads are reactive (a {@link Uni}) and start outside Caffeine's locks, on the context of the request that found the
 * key missing; a request that waited for another request's load gets its answer back on its own Vert.x context, as if
 * it had loaded it itself.
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

    /**
     * A cache bounded by the summed {@code weigher} of its values rather than their number, for values whose size varies
     * by thousands (a breakdown of one city's ten enterprises beside one of the province's forty thousand).
     */
    public static <K, V> AsyncCache<K, V> weighed(String name, long maxWeight, com.github.benmanes.caffeine.cache.Weigher<K, V> weigher,
            Duration ttl, MeterRegistry metrics) {
        AsyncCache<K, V> cache = Caffeine.newBuilder().maximumWeight(maxWeight).weigher(weigher).expireAfterWrite(ttl).recordStats()
                .buildAsync();
        CaffeineCacheMetrics.monitor(metrics, cache.synchronous(), name);
        return cache;
    }

    /** The key's value, loaded by {@code loader} unless cached or being loaded already. */
    public static <K, V> Uni<V> get(AsyncCache<K, V> cache, K key, Function<K, Uni<V>> loader) {
        Context context = Vertx.currentContext();
        List<CompletableFuture<V>> mine = new ArrayList<>(1);
        CompletableFuture<V> value = cache.get(key, (k, executor) -> {
            CompletableFuture<V> loading = new CompletableFuture<>();
            mine.add(loading);
            return loading;
        });
        if (!mine.isEmpty()) {
            // this request loads: after Caffeine has let go of its lock, on this request's own context
            CompletableFuture<V> loading = mine.get(0);
            loader.apply(key).subscribe().with(loading::complete, loading::completeExceptionally);
        }
        return answer(value, context);
    }

    /**
     * The values of these keys, the missing ones loaded together by one call of {@code loader} (which answers a map,
     * without the keys it did not find; those are not cached).
     */
    public static <K, V> Uni<Map<K, V>> getAll(AsyncCache<K, V> cache, Collection<K> keys,
            Function<Set<? extends K>, Uni<Map<K, V>>> loader) {
        Context context = Vertx.currentContext();
        List<CompletableFuture<Map<K, V>>> mine = new ArrayList<>(1);
        List<Set<? extends K>> missing = new ArrayList<>(1);
        CompletableFuture<Map<K, V>> values = cache.getAll(keys, (absent, executor) -> {
            CompletableFuture<Map<K, V>> loading = new CompletableFuture<>();
            mine.add(loading);
            missing.add(Set.copyOf(absent));
            return loading;
        });
        if (!mine.isEmpty()) {
            CompletableFuture<Map<K, V>> loading = mine.get(0);
            loader.apply(missing.get(0)).subscribe().with(loading::complete, loading::completeExceptionally);
        }
        return answer(values, context);
    }

    /**
     * The value once loaded, on the asking request's context. A request that gives up (its client went away) leaves
     * the load running for the others: nothing here cancels the shared future.
     */
    private static <T> Uni<T> answer(CompletableFuture<T> future, Context context) {
        if (future.isDone() && !future.isCompletedExceptionally()) {
            return Uni.createFrom().item(future.join());
        }
        return Uni.createFrom().<T>emitter(emitter -> future.whenComplete((value, failure) -> {
            Runnable deliver = () -> {
                if (failure != null) {
                    emitter.fail(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
                } else {
                    emitter.complete(value);
                }
            };
            if (context == null) {
                deliver.run();
            } else {
                context.runOnContext(v -> deliver.run());
            }
        })).ifNoItem().after(LOAD_WAIT).failWith(() -> RetryLaterException.unavailable("busy",
                "The server is busy; try again in a moment", 2));
    }

    /**
     * The longest a request waits for another request's load. A load needs a connection of the pool; requests that
     * wait for it while holding one each (in a Hibernate session) could take them all. The service avoids that (the
     * callers load first, then open their sessions), and this bounds it where it was missed: the waiters give up with
     * a 503, their connections go back, and the load finishes for the next ones.
     */
    private static final java.time.Duration LOAD_WAIT = java.time.Duration.ofSeconds(5);
}
