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
import io.chuangguan.leaderboard.PeriodTotal;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of the hot path on the reactive SQL client. A start is two statements without a transaction (a check,
 * then the attempt with its paper and the start count in one insert); a submission is one transaction of two
 * statements (the locked attempt with its standing, then every write of the submission in one statement). A paper
 * lives in its attempt's row as parallel arrays, so neither touches more than one row per table.
 * Hibernate Reactive's session machinery and per-entity flushes cost several times the database work here (see
 * bench/RESULTS.md); the rest of the feature keeps the entities.
 */
@ApplicationScoped
public class AttemptStore {

    private static final String ATTEMPT_COLUMNS = "a.id, a.account_id, a.trade_id, a.level_id, a.mode, a.status, a.started_at,"
            + " a.expires_at, a.result, a.question_ids, a.version_ids, a.option_orders, a.selected, a.correct";
    /** How many columns {@link #ATTEMPT_COLUMNS} reads. */
    private static final int ATTEMPT_WIDTH = 14;

    private final Pool pool;

    public AttemptStore(Pool pool) {
        this.pool = pool;
    }

    /** An attempt as the hot path reads it, with its paper in the order shown. */
    record AttemptRow(long id, long accountId, long tradeId, Long levelId, Mode mode, Status status, Instant startedAt,
            Instant expiresAt, String result, List<PaperRow> paper) {
    }

    /** One question of a paper, with the answer once submitted. */
    record PaperRow(int position, long questionId, long versionId, String optionOrder, String selected, Boolean correct) {
    }

    /** A worker's standing on a level before a submission changes it. */
    record ProgressRow(int bestScore, Long bestAttemptId, int stars, boolean passed) {
        static final ProgressRow NONE = new ProgressRow(0, null, 0, false);
    }

    /** What a start needs to know: whether the level before is passed, and the open CHALLENGE of this level. */
    record StartCheck(boolean previousPassed, AttemptRow openChallenge) {
    }

    /** A submission's attempt (locked) with its paper, and the standing on its level. */
    record ToScore(AttemptRow attempt, ProgressRow progress) {
    }

    /** Every write of a scored submission. */
    record Scored(long attemptId, long accountId, long tradeId, Long levelId, boolean challenge, Instant at,
            String[] selected, Boolean[] correct, int score, int correctCount, boolean passed,
            int stars, int pointsEarned, String[] periods, String week, String month, Long[] wrongQuestions,
            Long[] wrongVersions, Long[] rightQuestions, String result) {
    }

    <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** Reads outside a transaction. */
    SqlClient client() {
        return pool;
    }

    // ---- start ------------------------------------------------------------------------------------

    /** One read: the previous level's pass (true when there is none) and the worker's open CHALLENGE of this level. */
    Uni<StartCheck> startCheck(long accountId, Long previousLevelId, long levelId) {
        return pool.preparedQuery("select " + ATTEMPT_COLUMNS + ", coalesce((select passed_at is not null from level_progress"
                + " where account_id = $1 and level_id = $2), $2::bigint is null)"
                + " from (values (1)) as one left join attempt a on a.account_id = $1 and a.level_id = $3"
                + " and a.status = 'OPEN' and a.mode = 'CHALLENGE'")
                .execute(Tuple.of(accountId, previousLevelId, levelId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new StartCheck(r.getBoolean(ATTEMPT_WIDTH), r.getLong(0) == null ? null : attempt(r));
                });
    }

    Uni<Void> timeOut(SqlClient c, long attemptId) {
        return c.preparedQuery("update attempt set status = 'TIMED_OUT' where id = $1 and status = 'OPEN'")
                .execute(Tuple.of(attemptId)).replaceWithVoid();
    }

    /**
     * Inserts the attempt with its paper and (for a level) counts the start, in one statement; the new attempt's id.
     * The paper comes as parallel arrays: question ids, version ids, option orders.
     */
    Uni<Long> create(long accountId, long tradeId, Long levelId, Mode mode, long seed, Instant startedAt, Instant expiresAt,
            Long[] questionIds, Long[] versionIds, String[] optionOrders) {
        String counter = mode == Mode.CHALLENGE ? "challenge_attempts" : "practice_attempts";
        String sql = """
                with s as (
                    insert into level_progress (account_id, level_id, %1$s)
                    select $1, $3, 1 where $3::bigint is not null
                    on conflict (account_id, level_id) do update set %1$s = level_progress.%1$s + 1)
                insert into attempt (account_id, trade_id, level_id, mode, status, seed, started_at, expires_at, total,
                                     question_ids, version_ids, option_orders)
                values ($1, $2, $3, $4, 'OPEN', $5, $6, $7, $8, $9, $10, $11) returning id""".formatted(counter);
        return pool.preparedQuery(sql).execute(Tuple.from(Arrays.asList(accountId, tradeId, levelId, mode.name(), seed,
                utc(startedAt), utc(expiresAt), questionIds.length, questionIds, versionIds, optionOrders)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    // ---- read -------------------------------------------------------------------------------------

    /** The caller's attempt, or null when it is not theirs. */
    Uni<AttemptRow> own(long attemptId, long accountId) {
        return pool.preparedQuery("select " + ATTEMPT_COLUMNS + " from attempt a where a.id = $1 and a.account_id = $2")
                .execute(Tuple.of(attemptId, accountId))
                .map(rows -> rows.size() == 0 ? null : attempt(rows.iterator().next()));
    }

    // ---- submit -----------------------------------------------------------------------------------

    /**
     * The caller's attempt, locked until the submission commits (concurrent submissions of one attempt queue here),
     * with the standing on its level; null when the attempt is not theirs. The standing needs no lock: only a
     * CHALLENGE submission changes it, and a worker has one open CHALLENGE per level at a time.
     */
    Uni<ToScore> lockForSubmission(SqlConnection c, long attemptId, long accountId) {
        return c.preparedQuery("select " + ATTEMPT_COLUMNS + ", lp.best_score, lp.best_attempt_id, lp.stars,"
                + " lp.passed_at is not null from attempt a"
                + " left join level_progress lp on lp.account_id = a.account_id and lp.level_id = a.level_id"
                + " where a.id = $1 and a.account_id = $2 for update of a")
                .execute(Tuple.of(attemptId, accountId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    int p = ATTEMPT_WIDTH;
                    ProgressRow progress = r.getValue(p) == null ? ProgressRow.NONE
                            : new ProgressRow(r.getInteger(p), r.getLong(p + 1), r.getInteger(p + 2), r.getBoolean(p + 3));
                    return new ToScore(attempt(r), progress);
                });
    }

    /**
     * Every write of a submission in one statement: a CHALLENGE's standing (best score, stars, first
     * pass), the points it earned in every period with the boards' outbox row (so Redis can always catch up), the
     * 错题本 (wrong answers counted and reopened, right ones mastered) and the closed attempt with its answers and
     * result.
     * Answers the totals the points left (empty when they did not grow) for the boards.
     */
    Uni<List<PeriodTotal>> saveSubmission(SqlConnection c, Scored s) {
        return c.preparedQuery("""
                with standing as (
                    insert into level_progress (account_id, level_id, best_score, best_attempt_id, best_at, stars, passed_at,
                                                challenge_attempts)
                    select $2, $3, $4::smallint, $1, $5::timestamptz, $6::smallint, case when $7::boolean then $5::timestamptz end, 1
                    where $8::boolean and $3::bigint is not null
                    on conflict (account_id, level_id) do update set
                        best_attempt_id = case when level_progress.best_attempt_id is null or excluded.best_score > level_progress.best_score
                                               then excluded.best_attempt_id else level_progress.best_attempt_id end,
                        best_at = case when level_progress.best_attempt_id is null or excluded.best_score > level_progress.best_score
                                       then excluded.best_at else level_progress.best_at end,
                        best_score = case when level_progress.best_attempt_id is null or excluded.best_score > level_progress.best_score
                                          then excluded.best_score else level_progress.best_score end,
                        stars = greatest(level_progress.stars, excluded.stars),
                        passed_at = coalesce(level_progress.passed_at, excluded.passed_at)),
                points as (
                    insert into point_total (account_id, period, points, reached_at)
                    select $2, period, $9, $5::timestamptz from unnest($10::text[]) as period where $9 > 0
                    on conflict (account_id, period) do update
                    set points = point_total.points + excluded.points, reached_at = excluded.reached_at
                    returning period, points, reached_at),
                outbox as (
                    insert into leaderboard_outbox (account_id, attempt_id, week, month)
                    select $2, $1, $11, $12 where $9 > 0),
                wrong as (
                    insert into wrong_answer (account_id, question_id, trade_id, last_version_id, wrong_count, last_wrong_at)
                    select $2, u.question_id, $13, u.version_id, 1, $5::timestamptz
                    from unnest($14::bigint[], $15::bigint[]) as u (question_id, version_id)
                    on conflict (account_id, question_id) do update set wrong_count = wrong_answer.wrong_count + 1,
                        last_wrong_at = excluded.last_wrong_at, last_version_id = excluded.last_version_id, mastered_at = null),
                mastered as (
                    update wrong_answer set mastered_at = $5::timestamptz
                    where account_id = $2 and question_id = any($16::bigint[]) and mastered_at is null)
                update attempt set status = 'SUBMITTED', submitted_at = $5::timestamptz, score = $4::smallint,
                    correct_count = $17, passed = $7::boolean, stars = $6::smallint, points_earned = $9, result = $18,
                    selected = $19::text[], correct = $20::boolean[]
                where id = $1
                returning (select array_agg(period) from points), (select array_agg(points) from points),
                          (select array_agg(reached_at) from points)""")
                .execute(Tuple.from(Arrays.asList(s.attemptId(), s.accountId(), s.levelId(), (short) s.score(), utc(s.at()),
                        (short) s.stars(), s.passed(), s.challenge(), s.pointsEarned(), s.periods(), s.week(), s.month(),
                        s.tradeId(), s.wrongQuestions(), s.wrongVersions(), s.rightQuestions(), s.correctCount(), s.result(),
                        s.selected(), s.correct())))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    String[] periods = r.getArrayOfStrings(0);
                    if (periods == null) {
                        return List.of();
                    }
                    Integer[] points = r.getArrayOfIntegers(1);
                    OffsetDateTime[] reached = r.getArrayOfOffsetDateTimes(2);
                    List<PeriodTotal> totals = new ArrayList<>(periods.length);
                    for (int i = 0; i < periods.length; i++) {
                        totals.add(new PeriodTotal(periods[i], points[i], reached[i].toInstant()));
                    }
                    return totals;
                });
    }

    // ---- rows -------------------------------------------------------------------------------------

    private static AttemptRow attempt(Row r) {
        Long[] questionIds = r.getArrayOfLongs(9);
        Long[] versionIds = r.getArrayOfLongs(10);
        String[] optionOrders = r.getArrayOfStrings(11);
        String[] selected = r.getArrayOfStrings(12);
        Boolean[] correct = r.getArrayOfBooleans(13);
        List<PaperRow> paper = new ArrayList<>(questionIds.length);
        for (int i = 0; i < questionIds.length; i++) {
            paper.add(new PaperRow(i, questionIds[i], versionIds[i], optionOrders[i], selected == null ? null : selected[i],
                    correct == null ? null : correct[i]));
        }
        return new AttemptRow(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3), Mode.valueOf(r.getString(4)),
                Status.valueOf(r.getString(5)), r.getOffsetDateTime(6).toInstant(), r.getOffsetDateTime(7).toInstant(),
                r.getString(8), paper);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
