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

/** 错题本: a question answered wrong stays open until the worker answers it right in a later attempt. */
@ApplicationScoped
public class WrongAnswerBook {

    public enum Filter { OPEN, MASTERED, ALL }

    private final QuestionBankService bank;

    public WrongAnswerBook(QuestionBankService bank) {
        this.bank = bank;
    }

    @WithSession
    public Uni<List<Long>> openQuestionIds(long accountId, long tradeId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select question_id from wrong_answer"
                + " where account_id = ?1 and trade_id = ?2 and mastered_at is null", Long.class)
                .setParameter(1, accountId).setParameter(2, tradeId).getResultList());
    }

    /** Newest mistakes first, with the question as last answered, its keys and explanation. */
    @WithSession
    public Uni<PageView<WrongAnswerView>> list(long accountId, long tradeId, Filter filter, Paging paging) {
        String where = " from wrong_answer where account_id = ?1 and trade_id = ?2"
                + switch (filter) {
                    case OPEN -> " and mastered_at is null";
                    case MASTERED -> " and mastered_at is not null";
                    case ALL -> "";
                };
        return Panache.getSession().chain(s -> s.createNativeQuery("select count(*)" + where, Long.class)
                .setParameter(1, accountId).setParameter(2, tradeId).getSingleResult()
                .chain(total -> s.createNativeQuery("select question_id, last_version_id, wrong_count, last_wrong_at,"
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
