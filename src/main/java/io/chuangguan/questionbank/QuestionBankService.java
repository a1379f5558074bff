package io.chuangguan.questionbank;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.AsyncCache;

import io.chuangguan.common.Caches;
import io.micrometer.core.instrument.MeterRegistry;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class QuestionBankService {

    private final Pool pool;

    public QuestionBankService(Pool pool, MeterRegistry metrics) {
        this.pool = pool;
        this.candidates = Caches.bounded("question-candidates", 10_000, CANDIDATES_TTL, metrics);
        this.paperVersions = Caches.bounded("paper-versions", 200_000, null, metrics);
    }

    private static final String PUBLISHED_CANDIDATES = """
            select v.id, v.question_id, v.type, v.difficulty, v.grade,
                   coalesce(string_agg(k.name, '|' order by k.name), ''),
                   json_array_length(v.options::json), q.pool
            from question_version v
            join question q on q.id = v.question_id
            left join question_version_kp vk on vk.version_id = v.id
            left join knowledge_point k on k.id = vk.knowledge_point_id
            where q.trade_id = :trade and v.status = 'PUBLISHED'
            group by v.id, q.pool
            order by v.id
            """;

    /** How long a trade's candidate list is reused: a newly published version is drawn within this time. */
    private static final Duration CANDIDATES_TTL = Duration.ofSeconds(30);

    /** A trade's published versions, apart by pool. */
    private record CachedCandidates(List<Candidate> learning, List<Candidate> exam) {
        List<Candidate> of(QuestionPool pool) {
            return pool == QuestionPool.EXAM ? exam : learning;
        }
    }

    /** Every attempt start draws from the whole published bank of its trade: read it once per trade and TTL. */
    private final AsyncCache<Long, CachedCandidates> candidates;

    /**
     * Every published version of the trade's questions in one pool, in a stable order (so a seeded draw is
     * repeatable).
     */
    public Uni<List<Candidate>> publishedCandidates(long tradeId, QuestionPool pool) {
        return Caches.get(candidates, tradeId, this::loadCandidates).map(loaded -> loaded.of(pool));
    }

    @WithSession
    Uni<CachedCandidates> loadCandidates(Long tradeId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(PUBLISHED_CANDIDATES, Object[].class)
                .setParameter("trade", tradeId).getResultList())
                .map(rows -> {
                    List<Candidate> all = rows.stream().map(QuestionBankService::candidate).toList();
                    return new CachedCandidates(all.stream().filter(c -> c.pool() == QuestionPool.LEARNING).toList(),
                            all.stream().filter(c -> c.pool() == QuestionPool.EXAM).toList());
                });
    }

    /** After a publish or retire: this instance draws from the new bank at once, the others within the TTL. */
    public void forgetCandidates(long tradeId) {
        candidates.synchronous().invalidate(tradeId);
    }

    /** The published LEARNING versions of these questions (the wrong-answer book never holds an exam question). */
    public Uni<List<Candidate>> publishedLearningCandidatesOf(long tradeId, Collection<Long> questionIds) {
        return publishedCandidates(tradeId, QuestionPool.LEARNING)
                .map(all -> all.stream().filter(c -> questionIds.contains(c.questionId())).toList());
    }

    /** Published versions are immutable, so a paper's versions are cached until evicted (bounded). */
    private final AsyncCache<Long, PaperVersion> paperVersions;

    /** The versions on papers, by id: every start, submission and review shows them. */
    public Uni<Map<Long, PaperVersion>> paperVersions(Collection<Long> versionIds) {
        return Caches.getAll(paperVersions, versionIds, missing -> loadPaperVersions(missing));
    }

    private Uni<Map<Long, PaperVersion>> loadPaperVersions(java.util.Set<? extends Long> missing) {
        Map<Long, PaperVersion> found = new java.util.HashMap<>();
        return pool.preparedQuery("select " + PaperVersion.COLUMNS + " from question_version v join question q on q.id = v.question_id"
                + " where v.id = any($1::bigint[])")
                .execute(Tuple.of(missing.toArray(Long[]::new)))
                .map(rows -> {
                    for (Row r : rows) {
                        PaperVersion paper = PaperVersion.of(r);
                        found.put(paper.id(), paper);
                    }
                    return found;
                });
    }

    /** Knowledge point names per version id. */
    @WithSession
    public Uni<java.util.Map<Long, List<String>>> knowledgePoints(Collection<Long> versionIds) {
        if (versionIds.isEmpty()) {
            return Uni.createFrom().item(java.util.Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                select vk.version_id, k.name from question_version_kp vk join knowledge_point k on k.id = vk.knowledge_point_id
                where vk.version_id in (:ids) order by k.name""", Object[].class)
                .setParameter("ids", versionIds).getResultList())
                .map(rows -> rows.stream().collect(Collectors.groupingBy(r -> ((Number) r[0]).longValue(),
                        Collectors.mapping(r -> (String) r[1], Collectors.toList()))));
    }

    private static Candidate candidate(Object[] row) {
        String kps = (String) row[5];
        Set<String> points = kps.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(kps.split("\\|")));
        return new Candidate(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                QuestionType.valueOf((String) row[2]), ((Number) row[3]).intValue(), ((Number) row[4]).intValue(),
                points, ((Number) row[6]).intValue(), QuestionPool.valueOf((String) row[7]));
    }
}
