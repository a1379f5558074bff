package io.chuangguan.challenge;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.challenge.ChallengeViews.WrongAnswerView;
import io.chuangguan.common.PageView;
import io.chuangguan.common.Paging;
import io.chuangguan.common.Timestamps;
import io.chuangguan.questionbank.QuestionBankService;
import io.chuangguan.questionbank.QuestionVersion;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * 错题本: a question answered wrong stays open until the worker answers it right in a later attempt. The book is
 * derived from the answers kept in the submitted papers, so a submission writes nothing for it; a worker's book is
 * read from their own attempts (a few hundred rows, by index).
 */
@ApplicationScoped
public class WrongAnswerBook {

    public enum Filter { OPEN, MASTERED, ALL }

    /**
     * One row per question the worker ever answered wrong (an unanswered question is not a mistake): how often, when
     * last and in which version, and when it was first answered right after that (null while open).
     * ?1 account, ?2 trade.
     */
    private static final String BOOK = """
            with answers as materialized (
                select u.question_id, u.version_id, u.correct, u.selected <> '' as answered, a.submitted_at
                from attempt a
                cross join lateral unnest(a.question_ids, a.version_ids, a.selected, a.correct)
                    as u (question_id, version_id, selected, correct)
                where a.account_id = ?1 and a.trade_id = ?2 and a.status = 'SUBMITTED'),
            wrong as (
                select question_id, count(*) as wrong_count, max(submitted_at) as last_wrong_at,
                       (array_agg(version_id order by submitted_at desc))[1] as last_version_id
                from answers where answered and not correct group by question_id),
            book as (
                select w.question_id, w.last_version_id, w.wrong_count, w.last_wrong_at,
                       min(r.submitted_at) filter (where r.correct and r.submitted_at > w.last_wrong_at) as mastered_at
                from wrong w join answers r on r.question_id = w.question_id
                group by w.question_id, w.last_version_id, w.wrong_count, w.last_wrong_at)
            """;

    private final QuestionBankService bank;

    public WrongAnswerBook(QuestionBankService bank) {
        this.bank = bank;
    }

    @WithSession
    public Uni<List<Long>> openQuestionIds(long accountId, long tradeId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(BOOK + "select question_id from book where mastered_at is null",
                Long.class).setParameter(1, accountId).setParameter(2, tradeId).getResultList());
    }

    /** Newest mistakes first, with the question as last answered, its keys and explanation. */
    @WithSession
    public Uni<PageView<WrongAnswerView>> list(long accountId, long tradeId, Filter filter, Paging paging) {
        String where = " from book" + switch (filter) {
            case OPEN -> " where mastered_at is null";
            case MASTERED -> " where mastered_at is not null";
            case ALL -> "";
        };
        return Panache.getSession().chain(s -> s.createNativeQuery(BOOK + "select count(*)" + where, Long.class)
                .setParameter(1, accountId).setParameter(2, tradeId).getSingleResult()
                .chain(total -> s.createNativeQuery(BOOK + "select question_id, last_version_id, wrong_count, last_wrong_at,"
                        + " mastered_at is not null" + where + " order by last_wrong_at desc, question_id limit ?3 offset ?4", Object[].class)
                        .setParameter(1, accountId).setParameter(2, tradeId).setParameter(3, paging.size()).setParameter(4, paging.offset())
                        .getResultList()
                        .chain(rows -> {
                            List<Long> versionIds = rows.stream().map(r -> ((Number) r[1]).longValue()).toList();
                            return bank.versions(versionIds).chain(versions -> bank.knowledgePoints(versionIds).map(points -> {
                                Map<Long, QuestionVersion> byId = versions.stream().collect(Collectors.toMap(v -> v.id, v -> v));
                                List<WrongAnswerView> items = rows.stream().map(r -> {
                                    QuestionVersion v = byId.get(((Number) r[1]).longValue());
                                    return new WrongAnswerView(((Number) r[0]).longValue(), v.type, v.stem, v.optionList(),
                                            v.correctKeyList(), v.explanation, points.getOrDefault(v.id, List.of()),
                                            ((Number) r[2]).intValue(), Timestamps.instant(r[3]), (Boolean) r[4]);
                                }).toList();
                                return new PageView<>(items, total, paging.page(), paging.size());
                            }));
                        })));
    }
}
