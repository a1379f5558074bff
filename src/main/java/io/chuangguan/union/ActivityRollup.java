package io.chuangguan.union;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.AttemptFold;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Keeps the union's roll-ups current: folds submitted attempts into the workers' rows per period
 * ({@code activity_worker}), the units' sums ({@code activity_unit}) and the answers per knowledge point
 * ({@code activity_answer}); and recounts the registered workers per unit ({@code registered_unit}). Nothing here is on
 * the submission path.
 * <p>
 * Attempts are taken in id order under the watermark {@value #JOB}, in chunks, one instance at a time (an advisory
 * lock). Unlike the wrong-answer fold, this one does not stop at the oldest attempt still open (that would keep the
 * figures a time limit behind): an attempt still open in a chunk is parked in {@code union_fold_pending} and folded by
 * the first run that finds it closed. Everything moves in one transaction with the watermark, so a chunk counts once.
 * Each worker's active days of the year (and the days they ran an exam level, per grade) are OR-ed into bit strings
 * ({@code activity_days}) that ranges count from.
 * <p>
 * A worker becomes active in a period when the fold inserts their row of that period; only then does the unit's
 * {@code active} grow, so active workers are exact and add up across units (a worker has one place per period: the one
 * of their first run in it). Every run of the period counts at that place.
 */
@ApplicationScoped
public class ActivityRollup {

    private static final Logger LOG = Logger.getLogger(ActivityRollup.class);
    static final String JOB = "union-activity";
    static final int CHUNK = 20_000;
    /** Up to a million attempts a run: every 30 s, that keeps up with 33,000 submissions a second. */
    static final int CHUNKS_PER_RUN = 50;

    private static final String UNITS = "(values ('E', %1$s.enterprise_id), ('R', ep.county_id), ('R', ep.city_id), ('R', ep.province_id))";

    private static final String FOLD_CTES = """
            closed_pending as (
                select p.attempt_id from union_fold_pending p join attempt a on a.id = p.attempt_id where a.status <> 'OPEN'),
            released as (
                delete from union_fold_pending p where p.attempt_id in (select attempt_id from closed_pending) returning 1),
            parked as (
                insert into union_fold_pending (attempt_id)
                select id from attempt where id > (select last_id from w) and id <= (select upto from bound) and status = 'OPEN'
                on conflict do nothing returning 1),
            chunk as (
                -- two scans, not one with an "or": the range reads the primary key, the parked ids are few
                select * from attempt where id > (select last_id from w) and id <= (select upto from bound) and status = 'SUBMITTED'
                union all
                select * from attempt where id in (select attempt_id from closed_pending) and status = 'SUBMITTED'),
            runs as (
                select a.account_id, a.mode, a.score, coalesce(a.points_earned, 0) as points, a.submitted_at,
                       a.version_ids, a.correct,
                       (a.mode = 'CHALLENGE' and a.passed and coalesce(a.counted, true) and exists (
                           select 1 from level_progress lp where lp.account_id = a.account_id and lp.level_id = a.level_id
                             and lp.passed_at = a.submitted_at)) as first_pass,
                       case when a.mode = 'CHALLENGE' and l.exam then (1 << l.grade)::smallint else 0::smallint end as exam_bit,
                       case when a.mode = 'CHALLENGE' and l.exam then l.grade::smallint end as exam_grade,
                       (a.submitted_at at time zone '$ZONE')::date as d,
                       wk.enterprise_id, wk.team_id, wk.trade_id
                from chunk a
                join worker wk on wk.account_id = a.account_id
                left join level l on l.id = a.level_id),
            per_worker as (
                select p.period, r.account_id, min(r.enterprise_id) as enterprise_id, min(r.team_id) as team_id,
                       min(r.trade_id) as trade_id,
                       count(*) filter (where r.mode = 'CHALLENGE')::int as challenge_runs,
                       count(*) filter (where r.mode = 'PRACTICE')::int as practice_runs,
                       count(*) filter (where r.first_pass)::int as levels_passed,
                       coalesce(sum(r.score) filter (where r.mode = 'CHALLENGE'), 0)::bigint as score_sum,
                       count(r.score) filter (where r.mode = 'CHALLENGE')::int as scored_runs,
                       sum(r.points)::bigint as points, bit_or(r.exam_bit)::smallint as exam_grades,
                       max(r.submitted_at) as last_run_at
                from runs r
                cross join lateral (values (to_char(r.d, 'YYYY-MM-DD')), (to_char(r.d, 'IYYY-"W"IW')), (to_char(r.d, 'YYYY-MM')),
                                           (to_char(r.d, 'YYYY-"Q"Q')), (to_char(r.d, 'YYYY'))) as p(period)
                group by p.period, r.account_id),
            before as (
                select aw.period, aw.account_id, aw.enterprise_id, aw.trade_id, aw.exam_grades
                from activity_worker aw join per_worker pw on pw.period = aw.period and pw.account_id = aw.account_id),
            worker_rows as (
                insert into activity_worker as aw (period, account_id, enterprise_id, team_id, trade_id, challenge_runs, practice_runs,
                                                   levels_passed, score_sum, scored_runs, points, exam_grades, last_run_at)
                select period, account_id, enterprise_id, team_id, trade_id, challenge_runs, practice_runs, levels_passed, score_sum,
                       scored_runs, points, exam_grades, last_run_at
                from per_worker order by period, account_id
                on conflict (period, account_id) do update set
                    challenge_runs = aw.challenge_runs + excluded.challenge_runs, practice_runs = aw.practice_runs + excluded.practice_runs,
                    levels_passed = aw.levels_passed + excluded.levels_passed, score_sum = aw.score_sum + excluded.score_sum,
                    scored_runs = aw.scored_runs + excluded.scored_runs, points = aw.points + excluded.points,
                    exam_grades = aw.exam_grades | excluded.exam_grades, last_run_at = greatest(aw.last_run_at, excluded.last_run_at)
                returning 1),
            deltas as (
                select pw.period, coalesce(b.enterprise_id, pw.enterprise_id) as enterprise_id, coalesce(b.trade_id, pw.trade_id) as trade_id,
                       (b.account_id is null)::int as new_active, (pw.exam_grades & ~coalesce(b.exam_grades, 0::smallint))::int as new_exam,
                       pw.challenge_runs, pw.practice_runs, pw.levels_passed, pw.score_sum, pw.scored_runs, pw.points
                from per_worker pw left join before b on b.period = pw.period and b.account_id = pw.account_id),
            units as (
                select d.period, u.kind, u.id, d.trade_id, ep.size_class, sum(d.new_active)::int as active,
                       sum(d.challenge_runs)::int as challenge_runs, sum(d.practice_runs)::int as practice_runs,
                       sum(d.levels_passed)::int as levels_passed, sum(d.score_sum)::bigint as score_sum,
                       sum(d.scored_runs)::int as scored_runs, sum(d.points)::bigint as points,
                       array[sum((d.new_exam >> 1) & 1), sum((d.new_exam >> 2) & 1), sum((d.new_exam >> 3) & 1),
                             sum((d.new_exam >> 4) & 1), sum((d.new_exam >> 5) & 1)]::int[] as exam_reached
                from deltas d join enterprise_place ep on ep.enterprise_id = d.enterprise_id
                cross join lateral $UNITS_D as u(kind, id)
                where u.id is not null
                group by 1, 2, 3, 4, 5),
            unit_rows as (
                insert into activity_unit as au (period, unit_kind, unit_id, trade_id, size_class, active, challenge_runs, practice_runs,
                                                 levels_passed, score_sum, scored_runs, points, exam_reached)
                select period, kind, id, trade_id, size_class, active, challenge_runs, practice_runs, levels_passed, score_sum,
                       scored_runs, points, exam_reached
                from units order by kind, id, period, trade_id, size_class
                on conflict (unit_kind, unit_id, period, trade_id, size_class) do update set
                    active = au.active + excluded.active, challenge_runs = au.challenge_runs + excluded.challenge_runs,
                    practice_runs = au.practice_runs + excluded.practice_runs, levels_passed = au.levels_passed + excluded.levels_passed,
                    score_sum = au.score_sum + excluded.score_sum, scored_runs = au.scored_runs + excluded.scored_runs,
                    points = au.points + excluded.points,
                    exam_reached = array[au.exam_reached[1] + excluded.exam_reached[1], au.exam_reached[2] + excluded.exam_reached[2],
                                         au.exam_reached[3] + excluded.exam_reached[3], au.exam_reached[4] + excluded.exam_reached[4],
                                         au.exam_reached[5] + excluded.exam_reached[5]]
                returning 1),
            answers as (
                -- per version first (two arrays unnested, not three), its question and knowledge points joined to the sums
                select to_char(r.d, 'YYYY-MM') as month, r.enterprise_id, u.version_id,
                       count(*)::int as answered, count(*) filter (where not coalesce(u.correct, false))::int as wrong
                from runs r
                cross join lateral unnest(r.version_ids, r.correct) as u(version_id, correct)
                group by 1, 2, 3),
            day_rows as (
                insert into activity_days as ad (year, account_id, enterprise_id, trade_id, days, exam_g1, exam_g2, exam_g3, exam_g4, exam_g5)
                select year, account_id, min(enterprise_id), min(trade_id), bit_or(day),
                       bit_or(day) filter (where exam_grade = 1), bit_or(day) filter (where exam_grade = 2),
                       bit_or(day) filter (where exam_grade = 3), bit_or(day) filter (where exam_grade = 4),
                       bit_or(day) filter (where exam_grade = 5)
                from (select extract(year from r.d)::smallint as year, r.account_id, r.enterprise_id, r.trade_id, r.exam_grade,
                             set_bit(0::bit(366), extract(doy from r.d)::int - 1, 1) as day from runs r) run_days
                group by 1, 2 order by 1, 2
                on conflict (year, account_id) do update set days = ad.days | excluded.days,
                    exam_g1 = coalesce(ad.exam_g1 | excluded.exam_g1, ad.exam_g1, excluded.exam_g1),
                    exam_g2 = coalesce(ad.exam_g2 | excluded.exam_g2, ad.exam_g2, excluded.exam_g2),
                    exam_g3 = coalesce(ad.exam_g3 | excluded.exam_g3, ad.exam_g3, excluded.exam_g3),
                    exam_g4 = coalesce(ad.exam_g4 | excluded.exam_g4, ad.exam_g4, excluded.exam_g4),
                    exam_g5 = coalesce(ad.exam_g5 | excluded.exam_g5, ad.exam_g5, excluded.exam_g5)
                    -- a run on a day already set changes nothing: no new row version
                    where ad.days | excluded.days <> ad.days
                       or num_nonnulls(excluded.exam_g1, excluded.exam_g2, excluded.exam_g3, excluded.exam_g4, excluded.exam_g5) > 0
                returning 1),
            answer_rows as (
                insert into activity_answer as aa (month, unit_kind, unit_id, knowledge_point_id, question_id, answered, wrong)
                select a.month, u.kind, u.id, k.knowledge_point_id, qv.question_id, sum(a.answered)::int, sum(a.wrong)::int
                from answers a join question_version_kp k on k.version_id = a.version_id join question_version qv on qv.id = a.version_id
                join enterprise_place ep on ep.enterprise_id = a.enterprise_id
                cross join lateral $UNITS_A as u(kind, id)
                where u.id is not null
                group by 1, 2, 3, 4, 5
                order by 2, 3, 1, 4, 5
                on conflict (unit_kind, unit_id, month, knowledge_point_id, question_id) do update set
                    answered = aa.answered + excluded.answered, wrong = aa.wrong + excluded.wrong
                returning 1)
            """;

    /** Registered workers per unit, trade and size class: counted per enterprise first, then summed up the tree. */
    private static final String RECOUNT = """
            with per_enterprise as (
                select enterprise_id, trade_id, count(*)::int as workers from worker group by 1, 2),
            counted as (
                select u.kind, u.id, p.trade_id, ep.size_class, sum(p.workers)::int as workers
                from per_enterprise p join enterprise_place ep on ep.enterprise_id = p.enterprise_id
                cross join lateral $UNITS_P as u(kind, id)
                where u.id is not null group by 1, 2, 3, 4),
            gone as (
                delete from registered_unit r where not exists (select 1 from counted c where c.kind = r.unit_kind and c.id = r.unit_id
                    and c.trade_id = r.trade_id and c.size_class = r.size_class)
                returning 1)
            insert into registered_unit as r (unit_kind, unit_id, trade_id, size_class, workers)
            select kind, id, trade_id, size_class, workers from counted order by 1, 2, 3, 4
            on conflict (unit_kind, unit_id, trade_id, size_class) do update set workers = excluded.workers
                where r.workers <> excluded.workers
            """;

    private final Pool pool;
    private final FiguresService figures;
    private final AttemptFold fold;
    private final String recount;

    public ActivityRollup(Pool pool, AppConfig config, FiguresService figures) {
        this.pool = pool;
        this.figures = figures;
        this.fold = new AttemptFold(pool, JOB, FOLD_CTES.replace("$ZONE", config.zone().getId().replace("'", ""))
                .replace("$UNITS_D", UNITS.formatted("d")).replace("$UNITS_A", UNITS.formatted("a")), CHUNK, false);
        this.recount = RECOUNT.replace("$UNITS_P", UNITS.formatted("p"));
    }

    /** Every 30 s: the figures trail the submissions by less than a minute. */
    @Scheduled(every = "${app.union.rollup-every:30s}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refresh(CHUNKS_PER_RUN).onFailure().recoverWithItem(e -> {
            LOG.warnf("Union figures not rolled up (tried again next time): %s", e.toString());
            return null;
        }).replaceWithVoid();
    }

    /** Recounts the registered workers and folds up to {@code chunks} chunks of attempts; the attempt ids moved past. */
    public Uni<Long> refresh(int chunks) {
        return recountRegistered().chain(() -> foldAll(chunks)).call(figures::foldedAgain);
    }

    Uni<Long> foldAll(int chunks) {
        return fold.foldAll(chunks);
    }

    /** The registered workers per unit, one instance at a time (an advisory lock). */
    public Uni<Void> recountRegistered() {
        return pool.withTransaction(c -> c.preparedQuery("select pg_try_advisory_xact_lock(hashtext('union-registered'))").execute()
                .chain(locked -> !locked.iterator().next().getBoolean(0) ? Uni.createFrom().voidItem()
                        : c.query(recount).execute().replaceWithVoid()));
    }
}
