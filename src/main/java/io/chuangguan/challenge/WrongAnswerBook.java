package io.chuangguan.challenge;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.challenge.ChallengeViews.WrongAnswerView;
import io.chuangguan.common.PageView;
import io.chuangguan.common.Paging;
import io.chuangguan.common.Timestamps;
import io.chuangguan.questionbank.QuestionBankService;
import io.chuangguan.questionbank.PaperVersion;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * 错题本: a question answered wrong stays open until the worker answers it right in a later attempt. Exam questions
 * never enter it (their keys never leave the server). The book is derived from the answers kept in the submitted
 * papers, so a submission writes nothing for it: a job folds them into {@code wrong_answer_book} every minute, and a
 * read merges the folded rows with the worker's few attempts since.
 */
@ApplicationScoped
public class WrongAnswerBook {

    public enum Filter { OPEN, MASTERED, ALL }

    /**
     * One row per question the worker ever answered wrong (an unanswered question is not a mistake): how often, when
     * last, the newest version answered wrong, and whether a right answer came after the last wrong one. The folded
     * rows ({@link WrongAnswerFold}) and the worker's attempts after the fold's watermark (found by attempt_account_idx,
     * bounded by their start), merged. ?1 account, ?2 trade.
     */
    private static final String BOOK = """
            with w as (select coalesce((select last_id from job_watermark where job = 'wrong-answer-book'), 0) as last_id),
            live as (
                select u.question_id, u.version_id, u.selected, u.correct, a.submitted_at
                from attempt a
                cross join lateral unnest(a.question_ids, a.version_ids, a.selected, a.correct)
                    as u (question_id, version_id, selected, correct)
                join question q on q.id = u.question_id and q.pool = 'LEARNING'
                where a.account_id = ?1 and a.trade_id = ?2 and a.status = 'SUBMITTED' and a.id > (select last_id from w)
                  and a.started_at >= coalesce((select started_at - interval '1 day' from attempt
                                                 where id = (select last_id from w)), '-infinity')),
            parts as (
                select question_id, wrong_count::bigint as wrong_count, last_wrong_at, last_version_id, last_right_at
                from wrong_answer_book where account_id = ?1 and trade_id = ?2
                union all
                select question_id,
                       count(*) filter (where selected <> '' and not correct),
                       max(submitted_at) filter (where selected <> '' and not correct),
                       max(version_id) filter (where selected <> '' and not correct),
                       max(submitted_at) filter (where correct)
                from live group by question_id),
            book as (
                select question_id, sum(wrong_count) as wrong_count, max(last_wrong_at) as last_wrong_at,
                       max(last_version_id) as last_version_id,
                       coalesce(max(last_right_at) > max(last_wrong_at), false) as mastered
                from parts group by question_id
                having sum(wrong_count) > 0)
            """;

    private final QuestionBankService bank;

    public WrongAnswerBook(QuestionBankService bank) {
        this.bank = bank;
    }

    @WithSession
    public Uni<List<Long>> openQuestionIds(long accountId, long tradeId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(BOOK + "select question_id from book where not mastered",
                Long.class).setParameter(1, accountId).setParameter(2, tradeId).getResultList());
    }

    /**
     * Newest mistakes first, each in the newest version answered wrong, with its keys and explanation. The versions
     * come from the shared cache after the page's session has ended (see common.Caches).
     */
    public Uni<PageView<WrongAnswerView>> list(long accountId, long tradeId, Filter filter, Paging paging) {
        return page(accountId, tradeId, filter, paging).chain(page -> view(page.getValue(), page.getKey(), paging));
    }

    @WithSession
    Uni<Map.Entry<Long, List<Object[]>>> page(long accountId, long tradeId, Filter filter, Paging paging) {
        String where = " from book" + switch (filter) {
            case OPEN -> " where not mastered";
            case MASTERED -> " where mastered";
            case ALL -> "";
        };
        // the total comes with the page (the book is derived, so one pass instead of two); an empty page past the
        // end counts on its own
        return Panache.getSession().chain(s -> s.createNativeQuery(BOOK + "select question_id, last_version_id, wrong_count,"
                        + " last_wrong_at, mastered, count(*) over ()" + where
                        + " order by last_wrong_at desc, question_id limit ?3 offset ?4", Object[].class)
                .setParameter(1, accountId).setParameter(2, tradeId).setParameter(3, paging.size()).setParameter(4, paging.offset())
                .getResultList()
                .chain(rows -> (!rows.isEmpty() ? Uni.createFrom().item(((Number) rows.get(0)[5]).longValue())
                        : paging.offset() == 0 ? Uni.createFrom().item(0L)
                        : s.createNativeQuery(BOOK + "select count(*)" + where, Long.class)
                                .setParameter(1, accountId).setParameter(2, tradeId).getSingleResult())
                        .map(total -> Map.entry(total, rows))));
    }

    private Uni<PageView<WrongAnswerView>> view(List<Object[]> rows, long total, Paging paging) {
        List<Long> versionIds = rows.stream().map(r -> ((Number) r[1]).longValue()).toList();
        return bank.paperVersions(versionIds).chain(byId -> bank.knowledgePoints(versionIds).map(points -> {
            List<WrongAnswerView> items = rows.stream().map(r -> {
                PaperVersion v = byId.get(((Number) r[1]).longValue());
                return new WrongAnswerView(((Number) r[0]).longValue(), v.type(), v.stem(), v.options(), v.correctKeys(),
                        v.explanation(), points.getOrDefault(v.id(), List.of()), ((Number) r[2]).intValue(), Timestamps.instant(r[3]),
                        (Boolean) r[4]);
            }).toList();
            return new PageView<>(items, total, paging.page(), paging.size());
        }));
    }
}
