package io.chuangguan.challenge;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.challenge.Attempt.Mode;
import io.chuangguan.challenge.Attempt.Status;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of the hot path (start a level, submit a paper) on the reactive SQL client: a handful of statements per
 * request, the paper written and updated as one statement each. Hibernate Reactive's session machinery and its
 * per-entity flushes cost several times the database work here (see bench/RESULTS.md); the rest of the feature
 * keeps the entities.
 */
@ApplicationScoped
public class AttemptStore {

    private static final String ATTEMPT_COLUMNS =
            "id, account_id, trade_id, level_id, mode, status, started_at, expires_at, result";

    private final Pool pool;

    public AttemptStore(Pool pool) {
        this.pool = pool;
    }

    /** An attempt as the hot path reads it. */
    record AttemptRow(long id, long accountId, long tradeId, Long levelId, Mode mode, Status status, Instant startedAt,
            Instant expiresAt, String result) {
    }

    /** One question of a paper, with the answer once submitted. */
    record PaperRow(int position, long questionId, long versionId, String optionOrder, String selected, Boolean correct) {
    }

    /** A worker's standing on a level before a submission changes it. */
    record ProgressRow(boolean exists, int bestScore, Long bestAttemptId, int stars, boolean passed) {
        static final ProgressRow NONE = new ProgressRow(false, 0, null, 0, false);
    }

    <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    // ---- start ------------------------------------------------------------------------------------

    Uni<Boolean> hasPassed(SqlConnection c, long accountId, long levelId) {
        return c.preparedQuery("select passed_at is not null from level_progress where account_id = $1 and level_id = $2")
                .execute(Tuple.of(accountId, levelId))
                .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean(0));
    }

    /** The worker's open CHALLENGE of this level, locked, or null. */
    Uni<AttemptRow> openChallenge(SqlConnection c, long accountId, long levelId) {
        return c.preparedQuery("select " + ATTEMPT_COLUMNS + " from attempt where account_id = $1 and level_id = $2"
                + " and status = 'OPEN' and mode = 'CHALLENGE' for update")
                .execute(Tuple.of(accountId, levelId))
                .map(rows -> rows.size() == 0 ? null : attempt(rows.iterator().next()));
    }

    Uni<Void> timeOut(SqlConnection c, long attemptId) {
        return c.preparedQuery("update attempt set status = 'TIMED_OUT' where id = $1 and status = 'OPEN'")
                .execute(Tuple.of(attemptId)).replaceWithVoid();
    }

    /**
     * Inserts the attempt, its paper rows and (for a level) the start count in one statement; the new attempt's id.
     * The paper comes as parallel arrays: question ids, version ids, option orders.
     */
    Uni<Long> create(SqlConnection c, long accountId, long tradeId, Long levelId, Mode mode, long seed, Instant startedAt,
            Instant expiresAt, Long[] questionIds, Long[] versionIds, String[] optionOrders) {
        String counter = mode == Mode.CHALLENGE ? "challenge_attempts" : "practice_attempts";
        String sql = """
                with a as (
                    insert into attempt (account_id, trade_id, level_id, mode, status, seed, started_at, expires_at, total)
                    values ($1, $2, $3, $4, 'OPEN', $5, $6, $7, $8) returning id),
                q as (
                    insert into attempt_question (attempt_id, position, question_id, question_version_id, option_order)
                    select a.id, p.ordinality - 1, p.question_id, p.version_id, p.option_order
                    from a, unnest($9::bigint[], $10::bigint[], $11::text[])
                        with ordinality as p (question_id, version_id, option_order, ordinality)),
                s as (
                    insert into level_progress (account_id, level_id, %1$s)
                    select $1, $3, 1 where $3::bigint is not null
                    on conflict (account_id, level_id) do update set %1$s = level_progress.%1$s + 1)
                select id from a""".formatted(counter);
        return c.preparedQuery(sql).execute(Tuple.from(Arrays.asList(accountId, tradeId, levelId,
                mode.name(), seed, utc(startedAt), utc(expiresAt), questionIds.length, questionIds, versionIds, optionOrders)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    // ---- read -------------------------------------------------------------------------------------

    /** Reads outside a transaction. */
    SqlClient client() {
        return pool;
    }

    /** The caller's attempt (locked until the transaction ends, for a submission), or null when it is not theirs. */
    Uni<AttemptRow> own(SqlClient c, long attemptId, long accountId, boolean lock) {
        return c.preparedQuery("select " + ATTEMPT_COLUMNS + " from attempt where id = $1 and account_id = $2"
                + (lock ? " for update" : ""))
                .execute(Tuple.of(attemptId, accountId))
                .map(rows -> rows.size() == 0 ? null : attempt(rows.iterator().next()));
    }

    Uni<List<PaperRow>> paper(SqlClient c, long attemptId) {
        return c.preparedQuery("select position, question_id, question_version_id, option_order, selected, correct"
                + " from attempt_question where attempt_id = $1 order by position")
                .execute(Tuple.of(attemptId))
                .map(rows -> {
                    List<PaperRow> paper = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        paper.add(new PaperRow(r.getInteger(0), r.getLong(1), r.getLong(2), r.getString(3), r.getString(4),
                                r.getBoolean(5)));
                    }
                    return paper;
                });
    }

    // ---- submit -----------------------------------------------------------------------------------

    /** The answers of the whole paper in one statement: positions, chosen keys ("A,C") and whether each was right. */
    Uni<Void> saveAnswers(SqlConnection c, long attemptId, Integer[] positions, String[] selected, Boolean[] correct) {
        return c.preparedQuery("""
                update attempt_question q set selected = a.selected, correct = a.correct
                from unnest($2::int[], $3::text[], $4::boolean[]) as a (position, selected, correct)
                where q.attempt_id = $1 and q.position = a.position""")
                .execute(Tuple.of(attemptId, positions, selected, correct)).replaceWithVoid();
    }

    /** The standing on a level, locked until the submission commits. */
    Uni<ProgressRow> lockProgress(SqlConnection c, long accountId, long levelId) {
        return c.preparedQuery("select best_score, best_attempt_id, stars, passed_at is not null from level_progress"
                + " where account_id = $1 and level_id = $2 for update")
                .execute(Tuple.of(accountId, levelId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return ProgressRow.NONE;
                    }
                    Row r = rows.iterator().next();
                    return new ProgressRow(true, r.getInteger(0), r.getLong(1), r.getInteger(2), r.getBoolean(3));
                });
    }

    /** A CHALLENGE's effect on the standing: the best score and stars are kept, the first pass is remembered. */
    Uni<Void> saveProgress(SqlConnection c, long accountId, long levelId, long attemptId, int score, int stars,
            boolean passed, Instant at) {
        return c.preparedQuery("""
                insert into level_progress (account_id, level_id, best_score, best_attempt_id, best_at, stars, passed_at,
                                            challenge_attempts)
                values ($1, $2, $3::smallint, $4, $5::timestamptz, $6::smallint,
                        case when $7::boolean then $5::timestamptz end, 1)
                on conflict (account_id, level_id) do update set
                    best_attempt_id = case when level_progress.best_attempt_id is null or $3::smallint > level_progress.best_score
                                           then $4::bigint else level_progress.best_attempt_id end,
                    best_at = case when level_progress.best_attempt_id is null or $3::smallint > level_progress.best_score
                                   then $5::timestamptz else level_progress.best_at end,
                    best_score = case when level_progress.best_attempt_id is null or $3::smallint > level_progress.best_score
                                      then $3::smallint else level_progress.best_score end,
                    stars = greatest(level_progress.stars, $6::smallint),
                    passed_at = coalesce(level_progress.passed_at, case when $7::boolean then $5::timestamptz end)""")
                .execute(Tuple.from(Arrays.asList(accountId, levelId, (short) score, attemptId, utc(at), (short) stars, passed)))
                .replaceWithVoid();
    }

    /**
     * Points grow in every period together (reached_at orders equal points on the boards), and the boards' outbox
     * row is written in the same transaction, so Redis can always catch up.
     */
    Uni<Void> addPoints(SqlConnection c, long accountId, long attemptId, int points, Instant at, String allTime, String week,
            String month) {
        return c.preparedQuery("""
                with t as (
                    insert into point_total (account_id, period, points, reached_at)
                    values ($1, $3, $6, $7), ($1, $4, $6, $7), ($1, $5, $6, $7)
                    on conflict (account_id, period) do update
                    set points = point_total.points + excluded.points, reached_at = excluded.reached_at)
                insert into leaderboard_outbox (account_id, attempt_id, week, month) values ($1, $2, $4, $5)""")
                .execute(Tuple.from(Arrays.asList(accountId, attemptId, allTime, week, month, points, utc(at))))
                .replaceWithVoid();
    }

    /** 错题本: wrong answers counted (and reopened), right ones mastered; one statement. */
    Uni<Void> recordWrongAnswers(SqlConnection c, long accountId, long tradeId, Long[] wrongQuestions, Long[] wrongVersions,
            Long[] rightQuestions, Instant at) {
        if (wrongQuestions.length == 0 && rightQuestions.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("""
                with w as (
                    insert into wrong_answer (account_id, question_id, trade_id, last_version_id, wrong_count, last_wrong_at)
                    select $1, q, $2, v, 1, $3 from unnest($4::bigint[], $5::bigint[]) as u (q, v)
                    on conflict (account_id, question_id) do update set wrong_count = wrong_answer.wrong_count + 1,
                        last_wrong_at = excluded.last_wrong_at, last_version_id = excluded.last_version_id, mastered_at = null)
                update wrong_answer set mastered_at = $3
                where account_id = $1 and question_id = any($6::bigint[]) and mastered_at is null""")
                .execute(Tuple.from(Arrays.asList(accountId, tradeId, utc(at), wrongQuestions, wrongVersions, rightQuestions)))
                .replaceWithVoid();
    }

    Uni<Void> close(SqlConnection c, long attemptId, Instant submittedAt, int score, int correctCount, boolean passed, int stars,
            int pointsEarned, String result) {
        return c.preparedQuery("""
                update attempt set status = 'SUBMITTED', submitted_at = $2, score = $3, correct_count = $4, passed = $5,
                    stars = $6, points_earned = $7, result = $8
                where id = $1""")
                .execute(Tuple.from(Arrays.asList(attemptId, utc(submittedAt), (short) score, correctCount, passed, (short) stars,
                        pointsEarned, result)))
                .replaceWithVoid();
    }

    // ---- rows -------------------------------------------------------------------------------------

    private static AttemptRow attempt(Row r) {
        return new AttemptRow(r.getLong("id"), r.getLong("account_id"), r.getLong("trade_id"), r.getLong("level_id"),
                Mode.valueOf(r.getString("mode")), Status.valueOf(r.getString("status")),
                r.getOffsetDateTime("started_at").toInstant(), r.getOffsetDateTime("expires_at").toInstant(),
                r.getString("result"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
