package io.chuangguan.challenge;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.challenge.Attempt.Mode;
import io.chuangguan.challenge.Attempt.Status;
import io.chuangguan.leaderboard.PeriodTotal;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of the hot path on the reactive SQL client, each statement its own transaction. A start is one insert
 * (the attempt with its paper, and the start count) that only succeeds on an open level with no CHALLENGE under way;
 * otherwise a check says why. A submission is two statements: a read of the attempt and the standing, then every
 * write in one statement that closes the attempt first, so a second submission of it writes nothing. A paper lives
 * in its attempt's row as parallel arrays: a start writes two rows (the attempt, the start count), a submission at
 * most six (the attempt, the standing, three point totals, the outbox row).
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

    /** A submission's attempt with its paper, and the standing on its level. */
    record ToScore(AttemptRow attempt, ProgressRow progress) {
    }

    /** Every write of a scored submission. */
    record Scored(long attemptId, long accountId, Long levelId, boolean challenge, Instant at, String[] selected,
            Boolean[] correct, int score, int correctCount, boolean passed, int stars, int pointsEarned, String[] periods,
            String week, String month, String result) {
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

    /** Closes an attempt past its time; false when it was no longer open. */
    Uni<Boolean> timeOut(long attemptId) {
        return pool.preparedQuery("update attempt set status = 'TIMED_OUT' where id = $1 and status = 'OPEN'")
                .execute(Tuple.of(attemptId)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Inserts the attempt with its paper and (for a level) counts the start, in one statement: the new attempt's id,
     * or null when the level before ({@code previousLevelId}, null for none) is not passed or a CHALLENGE of this
     * level is under way. The paper comes as parallel arrays: question ids, version ids, option orders.
     */
    Uni<Long> create(long accountId, long tradeId, Long levelId, Long previousLevelId, Mode mode, long seed, Instant startedAt,
            Instant expiresAt, Long[] questionIds, Long[] versionIds, String[] optionOrders) {
        String counter = mode == Mode.CHALLENGE ? "challenge_attempts" : "practice_attempts";
        String sql = """
                with a as (
                    insert into attempt (account_id, trade_id, level_id, mode, status, seed, started_at, expires_at, total,
                                         question_ids, version_ids, option_orders)
                    select $1, $2, $3, $4, 'OPEN', $5, $6, $7, $8, $9, $10, $11
                    where $12::bigint is null or exists (select 1 from level_progress
                                                         where account_id = $1 and level_id = $12 and passed_at is not null)
                    on conflict (account_id, level_id) where status = 'OPEN' and mode = 'CHALLENGE' do nothing
                    returning id),
                s as (
                    insert into level_progress (account_id, level_id, %1$s)
                    select $1, $3, 1 from a where $3::bigint is not null
                    on conflict (account_id, level_id) do update set %1$s = level_progress.%1$s + 1)
                select id from a""".formatted(counter);
        return pool.preparedQuery(sql).execute(Tuple.from(Arrays.asList(accountId, tradeId, levelId, mode.name(), seed,
                utc(startedAt), utc(expiresAt), questionIds.length, questionIds, versionIds, optionOrders, previousLevelId)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
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
     * The caller's attempt with the standing on its level; null when the attempt is not theirs. Nothing is locked:
     * {@link #saveSubmission} closes the attempt before it writes anything else, and only a CHALLENGE submission
     * changes the standing, of which a worker has one open per level at a time.
     */
    Uni<ToScore> forSubmission(long attemptId, long accountId) {
        return pool.preparedQuery("select " + ATTEMPT_COLUMNS + ", lp.best_score, lp.best_attempt_id, lp.stars,"
                + " lp.passed_at is not null from attempt a"
                + " left join level_progress lp on lp.account_id = a.account_id and lp.level_id = a.level_id"
                + " where a.id = $1 and a.account_id = $2")
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
     * Every write of a submission in one statement, each hanging on the attempt it closes (only an open one is
     * closed, so a concurrent second submission waits for the first and then writes nothing): the answers (the
     * 错题本 is read from them) and the result, a CHALLENGE's standing (best score, stars, first pass), and the points
     * it earned in every period with the boards' outbox row (so Redis can always catch up). Answers the totals the
     * points left (empty when they did not grow) for the boards, or null when the attempt was no longer open.
     */
    Uni<List<PeriodTotal>> saveSubmission(Scored s) {
        return pool.preparedQuery("""
                with closed as (
                    update attempt set status = 'SUBMITTED', submitted_at = $5::timestamptz, score = $4::smallint,
                            correct_count = $13, passed = $7::boolean, stars = $6::smallint, points_earned = $9, result = $14,
                        selected = $15::text[], correct = $16::boolean[]
                    where id = $1 and status = 'OPEN'
                    returning id),
                standing as (
                    insert into level_progress (account_id, level_id, best_score, best_attempt_id, best_at, stars, passed_at,
                                                challenge_attempts)
                    select $2, $3, $4::smallint, $1, $5::timestamptz, $6::smallint, case when $7::boolean then $5::timestamptz end, 1
                    from closed where $8::boolean and $3::bigint is not null
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
                    select $2, period, $9, $5::timestamptz from closed, unnest($10::text[]) as period where $9 > 0
                    on conflict (account_id, period) do update
                    set points = point_total.points + excluded.points, reached_at = excluded.reached_at
                    returning period, points, reached_at),
                outbox as (
                    insert into leaderboard_outbox (account_id, attempt_id, week, month)
                    select $2, $1, $11, $12 from closed where $9 > 0)
                select (select count(*) from closed), (select array_agg(period) from points), (select array_agg(points) from points),
                       (select array_agg(reached_at) from points)""")
                .execute(Tuple.from(Arrays.asList(s.attemptId(), s.accountId(), s.levelId(), (short) s.score(), utc(s.at()),
                        (short) s.stars(), s.passed(), s.challenge(), s.pointsEarned(), s.periods(), s.week(), s.month(),
                        s.correctCount(), s.result(), s.selected(), s.correct())))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    if (r.getLong(0) == 0) {
                        return null;
                    }
                    String[] periods = r.getArrayOfStrings(1);
                    if (periods == null) {
                        return List.of();
                    }
                    Integer[] points = r.getArrayOfIntegers(2);
                    OffsetDateTime[] reached = r.getArrayOfOffsetDateTimes(3);
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
