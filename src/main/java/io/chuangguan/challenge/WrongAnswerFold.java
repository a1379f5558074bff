package io.chuangguan.challenge;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.common.AttemptFold;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Folds submitted attempts into {@code wrong_answer_book}, so that reading a worker's 错题本 costs their book's rows
 * and the attempts after the fold, not their whole history ({@link WrongAnswerBook}). Attempts are folded in id
 * order (common.AttemptFold: up to the oldest still open one, at most {@value #CHUNK} per statement, under a watermark
 * and an advisory lock).
 */
@ApplicationScoped
public class WrongAnswerFold {

    private static final Logger LOG = Logger.getLogger(WrongAnswerFold.class);
    static final String JOB = "wrong-answer-book";
    static final int CHUNK = 20_000;
    /** Chunks per run: a backlog (a first start on years of attempts) is worked off over several minutes. */
    private static final int CHUNKS_PER_RUN = 10;

    /** A question counts as answered wrong when something was selected and it was not correct (as in the book). */
    private static final String FOLD_CTES = """
            answers as (
                select a.account_id, a.trade_id, u.question_id, u.version_id, u.selected, u.correct, a.submitted_at
                from attempt a
                cross join lateral unnest(a.question_ids, a.version_ids, a.selected, a.correct)
                    as u (question_id, version_id, selected, correct)
                join question q on q.id = u.question_id and q.pool = 'LEARNING'
                where a.id > (select last_id from w) and a.id <= (select upto from bound) and a.status = 'SUBMITTED'),
            folded as (
                select account_id, trade_id, question_id,
                       count(*) filter (where selected <> '' and not correct) as wrong_count,
                       max(submitted_at) filter (where selected <> '' and not correct) as last_wrong_at,
                       max(version_id) filter (where selected <> '' and not correct) as last_version_id,
                       max(submitted_at) filter (where correct) as last_right_at
                from answers group by account_id, trade_id, question_id),
            wrongs as (
                insert into wrong_answer_book as b (account_id, trade_id, question_id, wrong_count, last_wrong_at,
                                                    last_version_id, last_right_at)
                select account_id, trade_id, question_id, wrong_count, last_wrong_at, last_version_id, last_right_at
                from folded where wrong_count > 0
                on conflict (account_id, trade_id, question_id) do update set
                    wrong_count = b.wrong_count + excluded.wrong_count,
                    last_wrong_at = greatest(b.last_wrong_at, excluded.last_wrong_at),
                    last_version_id = greatest(b.last_version_id, excluded.last_version_id),
                    last_right_at = greatest(b.last_right_at, excluded.last_right_at)
                returning 1),
            rights as (
                update wrong_answer_book b set last_right_at = greatest(b.last_right_at, f.last_right_at)
                from folded f
                where f.wrong_count = 0 and f.last_right_at is not null
                  and b.account_id = f.account_id and b.trade_id = f.trade_id and b.question_id = f.question_id
                returning 1)
            """;

    private final AttemptFold fold;

    public WrongAnswerFold(Pool pool) {
        this.fold = new AttemptFold(pool, JOB, FOLD_CTES, CHUNK);
    }

    @Scheduled(every = "${app.challenge.fold-wrong-answers-every:1m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return foldAll(CHUNKS_PER_RUN).onFailure().recoverWithItem(e -> {
            LOG.warnf("The wrong-answer book was not folded (tried again next minute): %s", e.toString());
            return 0L;
        }).replaceWithVoid();
    }

    /** Folds up to {@code chunks} chunks, one transaction each; the attempt ids moved past. */
    public Uni<Long> foldAll(int chunks) {
        return fold.foldAll(chunks);
    }
}
