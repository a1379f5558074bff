package io.chuangguan.challenge;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Folds submitted attempts into {@code wrong_answer_book}, so that reading a worker's 错题本 costs their book's rows
 * and the attempts after the fold, not their whole history ({@link WrongAnswerBook}). Attempts are folded in id
 * order up to the oldest still open one (every attempt before it is final), at most {@value #CHUNK} per statement; the
 * watermark ({@code job_watermark('wrong-answer-book').last_id}) moves in the same transaction as the rows, and an
 * advisory lock lets one instance fold at a time.
 */
@ApplicationScoped
public class WrongAnswerFold {

    private static final Logger LOG = Logger.getLogger(WrongAnswerFold.class);
    static final String JOB = "wrong-answer-book";
    static final int CHUNK = 20_000;
    /** Chunks per run: a backlog (a first start on years of attempts) is worked off over several minutes. */
    private static final int CHUNKS_PER_RUN = 10;

    /** A question counts as answered wrong when something was selected and it was not correct (as in the book). */
    private static final String FOLD = """
            with w as (select coalesce((select last_id from job_watermark where job = $1), 0) as last_id),
            bound as (select least(
                (select coalesce(min(id), 9223372036854775807) - 1 from attempt where status = 'OPEN'),
                (select last_id from w) + $2,
                (select coalesce(max(id), 0) from attempt)) as upto),
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
            insert into job_watermark as j (job, last_at, last_id)
            select $1, now(), greatest(upto, (select last_id from w)) from bound
            on conflict (job) do update set last_at = excluded.last_at, last_id = excluded.last_id
            returning last_id - (select last_id from w), (select count(*) from wrongs) + (select count(*) from rights)
            """;

    private final Pool pool;

    public WrongAnswerFold(Pool pool) {
        this.pool = pool;
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
        return fold().chain(moved -> moved < CHUNK || chunks <= 1 ? Uni.createFrom().item(moved)
                : foldAll(chunks - 1).map(more -> moved + more));
    }

    /** One chunk; the attempt ids moved past (0 when another instance is folding or nothing is new). */
    Uni<Long> fold() {
        return pool.withTransaction(c -> c.preparedQuery("select pg_try_advisory_xact_lock(hashtext($1))").execute(Tuple.of(JOB))
                .chain(locked -> !locked.iterator().next().getBoolean(0) ? Uni.createFrom().item(0L)
                        : c.preparedQuery(FOLD).execute(Tuple.of(JOB, CHUNK)).map(rows -> {
                            Row row = rows.iterator().next();
                            long moved = row.getLong(0);
                            if (moved > 0) {
                                LOG.debugf("Folded %d attempt ids into the wrong-answer book (%d rows)", moved, row.getLong(1));
                            }
                            return moved;
                        })));
    }
}
