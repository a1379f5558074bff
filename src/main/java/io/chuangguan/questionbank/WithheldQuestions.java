package io.chuangguan.questionbank;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.AsyncCache;

import io.chuangguan.common.Caches;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The questions of a trade that levels and practice must not draw: those on the paper of a contest not yet final,
 * from the moment the paper is composed (nobody sees them before the contest's window, nor while it runs). Cached per
 * trade for {@value #TTL_SECONDS} s; composing a paper invalidates this instance's entry at once.
 */
@ApplicationScoped
public class WithheldQuestions {

    static final int TTL_SECONDS = 15;

    private final Pool pool;
    private final AsyncCache<Long, Set<Long>> byTrade;

    public WithheldQuestions(Pool pool, MeterRegistry metrics) {
        this.pool = pool;
        this.byTrade = Caches.bounded("withheld-questions", 10_000, Duration.ofSeconds(TTL_SECONDS), metrics);
    }

    public Uni<Set<Long>> of(long tradeId) {
        return Caches.get(byTrade, tradeId, this::load);
    }

    /** The candidates without the withheld questions. */
    public Uni<List<Candidate>> without(long tradeId, List<Candidate> candidates) {
        return of(tradeId).map(withheld -> withheld.isEmpty() ? candidates
                : candidates.stream().filter(c -> !withheld.contains(c.questionId())).toList());
    }

    public void invalidate(long tradeId) {
        byTrade.synchronous().invalidate(tradeId);
    }

    private Uni<Set<Long>> load(long tradeId) {
        return pool.preparedQuery("select p.question_id from contest_paper p join contest c on c.id = p.contest_id"
                + " where c.trade_id = $1 and c.phase <> 'FINAL'").execute(Tuple.of(tradeId)).map(rows -> {
                    Set<Long> ids = new HashSet<>();
                    for (Row r : rows) {
                        ids.add(r.getLong(0));
                    }
                    return Set.copyOf(ids);
                });
    }
}
