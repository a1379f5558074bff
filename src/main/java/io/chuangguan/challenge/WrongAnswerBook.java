package io.chuangguan.challenge;

import java.time.Instant;
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

    /** Within the submission's transaction: wrong ones counted (and reopened), right ones mastered. */
    Uni<Void> record(long accountId, long tradeId, List<AttemptQuestion> wrong, List<Long> right, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (!wrong.isEmpty()) {
            StringBuilder sql = new StringBuilder("insert into wrong_answer (account_id, question_id, trade_id, last_version_id,"
                    + " wrong_count, last_wrong_at) values ");
            for (int i = 0; i < wrong.size(); i++) {
                int p = 4 + i * 2;
                sql.append(i == 0 ? "" : ", ").append("(?1, ?").append(p).append(", ?2, ?").append(p + 1).append(", 1, ?3)");
            }
            sql.append(" on conflict (account_id, question_id) do update set wrong_count = wrong_answer.wrong_count + 1,"
                    + " last_wrong_at = excluded.last_wrong_at, last_version_id = excluded.last_version_id, mastered_at = null");
            chain = chain.chain(() -> Panache.getSession().chain(s -> {
                var query = s.createNativeQuery(sql.toString()).setParameter(1, accountId).setParameter(2, tradeId).setParameter(3, now);
                for (int i = 0; i < wrong.size(); i++) {
                    query.setParameter(4 + i * 2, wrong.get(i).questionId).setParameter(5 + i * 2, wrong.get(i).questionVersionId);
                }
                return query.executeUpdate();
            })).replaceWithVoid();
        }
        if (!right.isEmpty()) {
            chain = chain.chain(() -> Panache.getSession().chain(s -> s.createNativeQuery("update wrong_answer set mastered_at = ?1"
                    + " where account_id = ?2 and question_id in (?3) and mastered_at is null")
                    .setParameter(1, now).setParameter(2, accountId).setParameter(3, right).executeUpdate())).replaceWithVoid();
        }
        return chain;
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
