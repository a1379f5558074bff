package io.chuangguan.challenge;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.challenge.Attempt.Mode;
import io.chuangguan.challenge.Attempt.Status;
import io.chuangguan.common.AppConfig;
import io.chuangguan.common.Client;
import io.chuangguan.common.Periods;
import io.chuangguan.common.StatementBatcher;
import io.chuangguan.leaderboard.PeriodTotal;
import io.micrometer.core.instrument.MeterRegistry;
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
 * <p>
 * These three statements take the rows of many requests at once ({@link StatementBatcher}): the requests' values go
 * as parallel arrays, a paper's as slices of one array each, and every row's answer comes back by its position.
 * Hibernate Reactive's session machinery and per-entity flushes cost several times the database work here (see
 * bench/RESULTS.md); the rest of the feature keeps the entities.
 */
// created at start-up, so that its batched statements' metrics exist before the first start
@io.quarkus.runtime.Startup
@ApplicationScoped
public class AttemptStore {

    /**
     * The attempts that can still be open: this month's partition (and, on the first day of a month, the last one's),
     * so the statements that look for open attempts or close them never read the other months (V21). The start's and
     * the submission's statements say the same in their text.
     */
    static final String RECENT = "a.id >= attempt_recent_id() and a.id < attempt_id_ceiling()";

    private static final String ATTEMPT_COLUMNS = "a.id, a.account_id, a.trade_id, a.level_id, a.mode, a.status, a.started_at,"
            + " a.expires_at, a.result, a.question_ids, a.version_ids, a.option_orders, a.selected, a.correct, a.device_id,"
            + " host(a.client_ip)";
    /** How many columns {@link #ATTEMPT_COLUMNS} reads. */
    private static final int ATTEMPT_WIDTH = 16;

    /** The most requests in one statement. */
    private static final int MAX_BATCH = 100;

    private final Pool pool;
    private final StatementBatcher<NewAttempt, Created> starts;
    private final AppConfig.Limits limits;
    private final StatementBatcher<Owned, ToScore> reads;
    private final StatementBatcher<Scored, List<PeriodTotal>> submissions;

    public AttemptStore(Pool pool, AppConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.limits = config.limits();
        this.starts = new StatementBatcher<>("attempt-start", MAX_BATCH, NewAttempt::accountId, this::createAll, config.batches(), metrics);
        this.reads = new StatementBatcher<>("submission-read", MAX_BATCH, null, this::forSubmissionAll, config.batches(), metrics);
        this.submissions = new StatementBatcher<>("submission-write", MAX_BATCH, Scored::accountId, this::saveSubmissionAll,
                config.batches(), metrics);
    }

    /** An attempt as the hot path reads it, with its paper in the order shown. */
    record AttemptRow(long id, long accountId, long tradeId, Long levelId, Mode mode, Status status, Instant startedAt,
            Instant expiresAt, String result, List<PaperRow> paper, String deviceId, String clientIp) {
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
    /** Every write of a scored submission; {@code challenge}: it changes the standing (a counted CHALLENGE). */
    record Scored(long attemptId, long accountId, Long levelId, boolean challenge, Instant at, long elapsedMs, boolean counted,
            String[] selected, Boolean[] correct, int score, int correctCount, boolean passed, int stars, int pointsEarned,
            String week, String month, String result) {
    }

    /** A start's attempt with its paper as parallel arrays (question ids, version ids, option orders). */
    private record NewAttempt(long accountId, long tradeId, Long levelId, Long previousLevelId, Mode mode, long seed,
            Instant startedAt, Instant expiresAt, Long[] questionIds, Long[] versionIds, String[] optionOrders, Client client,
            boolean exam) {
    }

    /** An attempt as asked for by its owner. */
    private record Owned(long attemptId, long accountId) {
    }

    // ---- start ------------------------------------------------------------------------------------

    /** One read: the previous level's pass (true when there is none) and the worker's open CHALLENGE of this level. */
    Uni<StartCheck> startCheck(long accountId, Long previousLevelId, long levelId) {
        return pool.preparedQuery("select " + ATTEMPT_COLUMNS + ", coalesce((select passed_at is not null from level_progress"
                + " where account_id = $1 and level_id = $2), $2::bigint is null)"
                + " or exists (select 1 from level_progress where account_id = $1 and level_id = $3)"
                + " from (values (1)) as one left join attempt a on a.account_id = $1 and a.level_id = $3"
                + " and a.status = 'OPEN' and a.mode = 'CHALLENGE' and " + RECENT)
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
     * What a start's statement did: the new attempt's id (null when none was inserted), and the worker's use of the
     * start quotas after counting this start (0 when the quotas are off, or, for the exam quota, when the start was not
     * an exam or an exam of the level was already under way), with the instants they reset.
     */
    record Created(Long attemptId, int startsUsed, Instant startsResetAt, int examsUsed, Instant examsResetAt) {
    }

    /**
     * Inserts the attempt with its paper, counts the start against the worker's quotas (every start; and an exam
     * level's CHALLENGE when none of that level is under way) and, for a level, counts it in the standing, in one
     * statement. No attempt is inserted when the level before ({@code previousLevelId}, null for none) is not passed,
     * a CHALLENGE of this level is under way, or a quota is used up. The paper comes as parallel arrays: question ids,
     * version ids, option orders.
     */
    Uni<Created> create(long accountId, long tradeId, Long levelId, Long previousLevelId, Mode mode, long seed, Instant startedAt,
            Instant expiresAt, Long[] questionIds, Long[] versionIds, String[] optionOrders, Client client, boolean exam) {
        return starts.run(new NewAttempt(accountId, tradeId, levelId, previousLevelId, mode, seed, startedAt, expiresAt,
                questionIds, versionIds, optionOrders, client, exam));
    }

    /** {@link #create} for many workers, one row each, each answered by its position. */
    private Uni<List<Created>> createAll(List<NewAttempt> rows) {
        // the statement's quota and open-attempt checks join by account: two rows of one worker would see neither
        StatementBatcher.requireOneRowPerKey(rows, NewAttempt::accountId);
        int n = rows.size();
        Long[] accounts = new Long[n], trades = new Long[n], levels = new Long[n], previous = new Long[n], seeds = new Long[n];
        String[] modes = new String[n], addresses = new String[n], devices = new String[n], examSubjects = new String[n];
        OffsetDateTime[] started = new OffsetDateTime[n], expires = new OffsetDateTime[n];
        Integer[] first = new Integer[n], total = new Integer[n];
        List<Long> questionIds = new ArrayList<>(), versionIds = new ArrayList<>();
        List<String> optionOrders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NewAttempt r = rows.get(i);
            accounts[i] = r.accountId();
            trades[i] = r.tradeId();
            levels[i] = r.levelId();
            previous[i] = r.previousLevelId();
            modes[i] = r.mode().name();
            seeds[i] = r.seed();
            started[i] = utc(r.startedAt());
            expires[i] = utc(r.expiresAt());
            first[i] = questionIds.size() + 1;
            total[i] = r.questionIds().length;
            questionIds.addAll(Arrays.asList(r.questionIds()));
            versionIds.addAll(Arrays.asList(r.versionIds()));
            optionOrders.addAll(Arrays.asList(r.optionOrders()));
            addresses[i] = r.client() == null ? null : r.client().address();
            devices[i] = r.client() == null ? null : r.client().deviceId();
            examSubjects[i] = r.exam() ? "EXAM:" + r.levelId() : null;
        }
        return pool.preparedQuery("""
                with input as (
                    select * from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::bigint[],
                                         $7::timestamptz[], $8::timestamptz[], $9::int[], $10::int[], $14::text[], $15::text[],
                                         $16::text[])
                        with ordinality
                        as u(account_id, trade_id, level_id, previous_level_id, mode, seed, started_at, expires_at, first, total,
                             client_ip, device_id, exam_subject, ord)),
                quota as (
                    insert into start_quota as q (account_id, subject, window_start, window_ms, used)
                    select account_id, 'STARTS', started_at, $17::int, 1 from input where $21::boolean
                    union all
                    select account_id, exam_subject, started_at, $18::int, 1 from input u
                    where $21::boolean and exam_subject is not null
                      and not exists (select 1 from attempt o where o.account_id = u.account_id and o.level_id = u.level_id
                                      and o.status = 'OPEN' and o.mode = 'CHALLENGE' and o.id >= attempt_recent_id() and o.id < attempt_id_ceiling())
                    order by 1, 2
                    on conflict (account_id, subject) do update set
                        used = case when q.window_start + q.window_ms * interval '1 millisecond' <= excluded.window_start then 1
                                    else q.used + 1 end,
                        window_start = case when q.window_start + q.window_ms * interval '1 millisecond' <= excluded.window_start
                                            then excluded.window_start else q.window_start end,
                        window_ms = excluded.window_ms
                    returning account_id, subject, used, window_start + window_ms * interval '1 millisecond' as resets_at),
                a as (
                    insert into attempt (account_id, trade_id, level_id, mode, status, seed, started_at, expires_at, total,
                                         question_ids, version_ids, option_orders, client_ip, device_id)
                    select account_id, trade_id, level_id, mode, 'OPEN', seed, started_at, expires_at, total,
                           ($11::bigint[])[first:first + total - 1], ($12::bigint[])[first:first + total - 1],
                           ($13::text[])[first:first + total - 1], client_ip::inet, device_id
                    from input u
                    where (previous_level_id is null or exists (select 1 from level_progress p where p.account_id = u.account_id
                                                                and p.level_id = u.previous_level_id and p.passed_at is not null)
                           -- a level the worker has progress on stays open whatever the map became
                           or exists (select 1 from level_progress p where p.account_id = u.account_id and p.level_id = u.level_id))
                      and not exists (select 1 from quota q where q.account_id = u.account_id
                                      and ((q.subject = 'STARTS' and q.used > $19) or (q.subject = u.exam_subject and q.used > $20)))
                    order by account_id
                    -- one open CHALLENGE per worker and level: each month's partition has its unique index
                    on conflict do nothing
                    returning id, account_id),
                s as (
                    insert into level_progress (account_id, level_id, challenge_attempts, practice_attempts)
                    select u.account_id, u.level_id, (u.mode = 'CHALLENGE')::int, (u.mode = 'PRACTICE')::int
                    from a join input u on u.account_id = a.account_id
                    where u.level_id is not null
                    order by u.account_id
                    on conflict (account_id, level_id) do update set
                        challenge_attempts = level_progress.challenge_attempts + excluded.challenge_attempts,
                        practice_attempts = level_progress.practice_attempts + excluded.practice_attempts)
                select a.id, qs.used, qs.resets_at, qe.used, qe.resets_at
                from input u left join a on a.account_id = u.account_id
                left join quota qs on qs.account_id = u.account_id and qs.subject = 'STARTS'
                left join quota qe on qe.account_id = u.account_id and qe.subject = u.exam_subject
                order by u.ord""")
                .execute(Tuple.from(Arrays.asList(accounts, trades, levels, previous, modes, seeds, started, expires, first, total,
                        questionIds.toArray(Long[]::new), versionIds.toArray(Long[]::new), optionOrders.toArray(String[]::new),
                        addresses, devices, examSubjects, (int) limits.attemptStarts().window().toMillis(),
                        (int) Math.min(Integer.MAX_VALUE, limits.examStarts().window().toMillis()), limits.attemptStarts().max(),
                        limits.examStarts().max(), limits.enabled())))
                .map(result -> {
                    List<Created> created = new ArrayList<>(n);
                    for (Row r : result) {
                        created.add(new Created(r.getLong(0), r.getInteger(1) == null ? 0 : r.getInteger(1),
                                r.getOffsetDateTime(2) == null ? null : r.getOffsetDateTime(2).toInstant(),
                                r.getInteger(3) == null ? 0 : r.getInteger(3),
                                r.getOffsetDateTime(4) == null ? null : r.getOffsetDateTime(4).toInstant()));
                    }
                    return created;
                });
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
        return reads.run(new Owned(attemptId, accountId));
    }

    /** {@link #forSubmission} of many attempts, each answered by its position (null when not the caller's). */
    private Uni<List<ToScore>> forSubmissionAll(List<Owned> owned) {
        int n = owned.size();
        Long[] attempts = new Long[n], accounts = new Long[n];
        for (int i = 0; i < n; i++) {
            attempts[i] = owned.get(i).attemptId();
            accounts[i] = owned.get(i).accountId();
        }
        return pool.preparedQuery("select " + ATTEMPT_COLUMNS + ", lp.best_score, lp.best_attempt_id, lp.stars,"
                + " lp.passed_at is not null, u.ord"
                + " from unnest($1::bigint[], $2::bigint[]) with ordinality as u(id, account_id, ord)"
                + " join attempt a on a.id = u.id and a.account_id = u.account_id"
                + " left join level_progress lp on lp.account_id = a.account_id and lp.level_id = a.level_id")
                .execute(Tuple.of(attempts, accounts))
                .map(rows -> {
                    List<ToScore> found = new ArrayList<>(Collections.nCopies(n, null));
                    int p = ATTEMPT_WIDTH;
                    for (Row r : rows) {
                        ProgressRow progress = r.getValue(p) == null ? ProgressRow.NONE
                                : new ProgressRow(r.getInteger(p), r.getLong(p + 1), r.getInteger(p + 2), r.getBoolean(p + 3));
                        found.set(r.getLong(p + 4).intValue() - 1, new ToScore(attempt(r), progress));
                    }
                    return found;
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
        return submissions.run(s);
    }

    /** {@link #saveSubmission} for many workers, one row each, each answered by its position. */
    private Uni<List<List<PeriodTotal>>> saveSubmissionAll(List<Scored> rows) {
        // its final joins (progress, totals, the answers' rows back) are on account_id: one row per worker, always
        StatementBatcher.requireOneRowPerKey(rows, Scored::accountId);
        int n = rows.size();
        Long[] attempts = new Long[n], accounts = new Long[n], levels = new Long[n];
        Short[] scores = new Short[n], stars = new Short[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        Boolean[] passed = new Boolean[n], challenge = new Boolean[n];
        Integer[] points = new Integer[n], correctCounts = new Integer[n], first = new Integer[n], total = new Integer[n];
        Integer[] elapsed = new Integer[n];
        Boolean[] counted = new Boolean[n];
        String[] weeks = new String[n], months = new String[n], results = new String[n];
        List<String> selected = new ArrayList<>();
        List<Boolean> correct = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Scored s = rows.get(i);
            attempts[i] = s.attemptId();
            accounts[i] = s.accountId();
            levels[i] = s.levelId();
            scores[i] = (short) s.score();
            at[i] = utc(s.at());
            stars[i] = (short) s.stars();
            passed[i] = s.passed();
            challenge[i] = s.challenge();
            points[i] = s.pointsEarned();
            weeks[i] = s.week();
            months[i] = s.month();
            correctCounts[i] = s.correctCount();
            results[i] = s.result();
            elapsed[i] = (int) Math.min(Integer.MAX_VALUE, s.elapsedMs());
            counted[i] = s.counted();
            first[i] = selected.size() + 1;
            total[i] = s.selected().length;
            selected.addAll(Arrays.asList(s.selected()));
            correct.addAll(Arrays.asList(s.correct()));
        }
        return pool.preparedQuery("""
                with input as (
                    select * from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::smallint[], $5::timestamptz[], $6::smallint[],
                                         $7::boolean[], $8::boolean[], $9::int[], $10::text[], $11::text[], $12::int[], $13::text[],
                                         $14::int[], $15::int[], $19::int[], $20::boolean[]) with ordinality
                        as u(attempt_id, account_id, level_id, score, at, stars, passed, challenge, points, week, month,
                             correct_count, result, first, total, elapsed_ms, counted, ord)),
                closed as (
                    update attempt a set status = 'SUBMITTED', submitted_at = u.at, score = u.score, correct_count = u.correct_count,
                        passed = u.passed, stars = u.stars, points_earned = u.points, result = u.result,
                        elapsed_ms = u.elapsed_ms, counted = u.counted,
                        selected = ($16::text[])[u.first:u.first + u.total - 1],
                        correct = ($17::boolean[])[u.first:u.first + u.total - 1]
                    from input u
                    where a.id = u.attempt_id and a.status = 'OPEN' and a.id >= attempt_recent_id() and a.id < attempt_id_ceiling()
                    returning a.id),
                done as (select u.* from input u join closed c on c.id = u.attempt_id),
                standing as (
                    insert into level_progress (account_id, level_id, best_score, best_attempt_id, best_at, stars, passed_at,
                                                challenge_attempts)
                    select account_id, level_id, score, attempt_id, at, stars, case when passed then at end, 1
                    from done where challenge and level_id is not null
                    order by account_id
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
                    select d.account_id, p.period, d.points, d.at
                    from done d cross join lateral (values ($18::text), (d.week), (d.month)) as p(period)
                    where d.points > 0
                    order by d.account_id, p.period
                    on conflict (account_id, period) do update
                    set points = point_total.points + excluded.points, reached_at = excluded.reached_at
                    returning account_id, period, points, reached_at),
                outbox as (
                    insert into leaderboard_outbox (account_id, attempt_id, week, month)
                    select account_id, attempt_id, week, month from done where points > 0)
                select u.ord, c.id is not null, p.period, p.points, p.reached_at
                from input u left join closed c on c.id = u.attempt_id left join points p on p.account_id = u.account_id""")
                .execute(Tuple.from(Arrays.asList(attempts, accounts, levels, scores, at, stars, passed, challenge, points, weeks,
                        months, correctCounts, results, first, total, selected.toArray(String[]::new),
                        correct.toArray(Boolean[]::new), Periods.ALL_TIME, elapsed, counted)))
                .map(result -> {
                    // per row: null when the attempt was no longer open, else the totals its points left (none: empty)
                    List<List<PeriodTotal>> totals = new ArrayList<>(Collections.nCopies(n, null));
                    for (Row r : result) {
                        int i = r.getLong(0).intValue() - 1;
                        if (!r.getBoolean(1)) {
                            continue;
                        }
                        if (totals.get(i) == null) {
                            totals.set(i, new ArrayList<>(3));
                        }
                        if (r.getString(2) != null) {
                            totals.get(i).add(new PeriodTotal(r.getString(2), r.getInteger(3), r.getOffsetDateTime(4).toInstant()));
                        }
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
                r.getString(8), paper, r.getString(14), r.getString(15));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
