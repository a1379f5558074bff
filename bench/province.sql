-- A province's data in minutes (bench/province.sh runs it): WORKERS workers with ten passed levels each over the last
-- eight weeks, on ENTERPRISES generated enterprises (two teams each) across the demo's counties, and everything the
-- application would have made of those runs by now: the attempts (in their months' partitions), the standings, the
-- point totals, the union's roll-ups (activity_worker, activity_days, activity_unit) and the folds' watermarks.
-- Nothing is read back while writing: a run's every column is a function of the worker's number and the level, so
-- each table is one pass over the workers, and the passes over the workers split into parts that run side by side.
-- The same runs as bench/generate.sql (scores, days, stars), without its re-reads and without the hour-long fold.
--   psql -v step=setup -v workers=4000000 -v enterprises=40000 -f bench/province.sql   (once, on the demo data)
--   psql -v step=runs -v lo=0 -v hi=2000000 -f bench/province.sql                      (the workers [lo, hi), per part)
--   psql -v step=finish -f bench/province.sql                                          (once, after every part)
\set ON_ERROR_STOP on
\timing on
-- a bulk load of rows made consistent by construction: no foreign-key triggers, no waiting for each commit's flush
set session_replication_role = replica;
set synchronous_commit = off;
set work_mem = '256MB';
set maintenance_work_mem = '1GB';

\if :{?step}
\else
  \echo 'say -v step=setup, runs or finish'
  \quit
\endif
select :'step' = 'setup' as setup, :'step' = 'runs' as runs, :'step' = 'finish' as finish \gset

\if :setup
do $$ begin
    if exists (select 1 from account where phone like '15%') then
        raise exception 'generated workers exist already: bench/province.sh starts from the demo data on a database of its own';
    end if;
end $$;

-- the clock of the data (every part dates its runs from it) and the first attempt number it uses
create table gen_param as select now() as t0, nextval('attempt_id_seq') as s0;

insert into enterprise (name, credit_code, region_id, industry_id, size_class)
select '压测企业' || n, 'B' || lpad(n::text, 17, '0'), c.id, i.id,
       (array['LARGE', 'MEDIUM', 'SMALL', 'SMALL', 'MICRO', 'MICRO'])[1 + n % 6]
from generate_series(1, :enterprises) n
cross join lateral (select id from region where level = 'COUNTY' order by id offset n % (select count(*) from region where level = 'COUNTY') limit 1) c
cross join lateral (select id from industry where code = case when n % 2 = 0 then 'STEEL' else 'GOLD' end) i;
insert into team (enterprise_id, name)
select e.id, t.name from enterprise e cross join (values ('甲班'), ('乙班')) t(name)
where e.credit_code like 'B%';

-- the generated enterprises' teams, numbered: a steel enterprise's teams make steel, a gold one's mine gold
create temp table gen_team as
select tm.id as team_id, e.id as enterprise_id, tr.id as trade_id, (row_number() over (order by tm.id) - 1)::int as idx
from enterprise e join team tm on tm.enterprise_id = e.id join industry i on i.id = e.industry_id
join trade tr on tr.code = case i.code when 'STEEL' then 'STEELMAKER' else 'GOLD_MINER' end
where e.credit_code like 'B%';
select count(*) as teams from gen_team \gset

insert into account (phone, display_name, password_hash, roles)
select '15' || lpad(n::text, 9, '0'), '压测职工' || n, (select password_hash from account where phone = '13900000001'), 'WORKER'
from generate_series(1, :workers) n;

-- worker n: phone 15 followed by n in nine digits, on team n mod teams
create unlogged table gen_worker as
select substr(a.phone, 3)::int as n, a.id as account_id, gt.enterprise_id, gt.team_id, gt.trade_id
from account a join gen_team gt on gt.idx = substr(a.phone, 3)::int % :teams
where a.phone like '15%'
order by 1;
insert into worker (account_id, enterprise_id, team_id, trade_id, trade_since)
select account_id, enterprise_id, team_id, trade_id, date '2020-01-01' from gen_worker order by account_id;

-- levels 1..10 of each trade's map: a worker passes them in order
create table gen_level as
select l.trade_id, l.map_order, l.id, l.time_limit_seconds, l.question_count, l.star2, l.star3, l.exam, l.grade
from level l where l.map_order <= 10;

-- A worker's ten runs, as generate.sql makes them: level k passed with 60..100 points on day 5k of the eight weeks
-- (plus up to 3.5 days, the worker's own offset), the attempt numbered s0 + 10n + k in its month (Asia/Shanghai).
create function gen_runs(w gen_worker, p gen_param)
returns table (level_id bigint, k int, time_limit_seconds int, question_count int, exam boolean, grade int,
               score smallint, stars smallint, at timestamptz, d date, attempt_id bigint)
language sql stable as $$
    select l.id, l.map_order, l.time_limit_seconds, l.question_count, l.exam, l.grade, s.score,
           (case when s.score >= l.star3 then 3 when s.score >= l.star2 then 2 else 1 end)::smallint, t.at,
           (t.at at time zone 'Asia/Shanghai')::date,
           attempt_month_base(((t.at - interval '6 minutes') at time zone 'Asia/Shanghai')::date) + p.s0 + w.n::bigint * 10 + l.map_order
    from gen_level l
    cross join lateral (select (60 + abs(hashtext(w.account_id || ':' || l.map_order)) % 41)::smallint as score) s
    cross join lateral (select p.t0 - interval '56 days' + l.map_order * interval '5 days'
                               + (abs(hashtext(w.account_id::text)) % 1000) * interval '5 minutes' as at) t
    where l.trade_id = w.trade_id
$$;
analyze gen_worker;
select count(*) as workers from gen_worker;
\endif

\if :runs
-- The attempts in worker order, as gen_worker lies on disk (no sort: the joins keep its order), so each index grows at
-- its end.
insert into attempt (id, account_id, trade_id, level_id, mode, status, seed, started_at, expires_at, submitted_at,
                     score, correct_count, total, passed, stars, points_earned, question_ids, version_ids, option_orders)
select r.attempt_id, w.account_id, w.trade_id, r.level_id, 'CHALLENGE', 'SUBMITTED', hashtext(w.account_id || '/' || r.level_id),
       r.at - interval '6 minutes', r.at - interval '6 minutes' + r.time_limit_seconds * interval '1 second', r.at,
       r.score, round(r.score * r.question_count / 100.0), r.question_count, true, r.stars, r.score, '{}', '{}', '{}'
from gen_worker w cross join gen_param p cross join lateral gen_runs(w, p) r
where w.n >= :lo and w.n < :hi;

insert into level_progress (account_id, level_id, best_score, best_attempt_id, best_at, stars, passed_at,
                            challenge_attempts, practice_attempts)
select w.account_id, r.level_id, r.score, r.attempt_id, r.at, r.stars, r.at, 1, 0
from gen_worker w cross join gen_param p cross join lateral gen_runs(w, p) r
where w.n >= :lo and w.n < :hi;

-- point totals: all time, each ISO week and month the worker scored in (the periods' labels as the boards')
insert into point_total (account_id, period, points, reached_at)
select w.account_id, t.period, t.points, t.reached_at
from gen_worker w cross join gen_param p
cross join lateral (select x.period, sum(r.score)::int as points, max(r.at) as reached_at
                    from gen_runs(w, p) r
                    cross join lateral (values ('ALL'), (to_char(r.d, 'IYYY-"W"IW')), (to_char(r.d, 'YYYY-MM'))) x(period)
                    group by x.period) t
where w.n >= :lo and w.n < :hi;

-- the union's roll-up of each worker per day, week, month, quarter and year, as the fold writes it (ActivityRollup):
-- every run a CHALLENGE that passed its level the first time
insert into activity_worker (period, account_id, enterprise_id, team_id, trade_id, challenge_runs, practice_runs, levels_passed,
                             score_sum, scored_runs, points, exam_grades, last_run_at)
select t.period, w.account_id, w.enterprise_id, w.team_id, w.trade_id, t.runs, 0, t.runs, t.score_sum, t.runs, t.score_sum,
       t.exam_grades, t.last_run_at
from gen_worker w cross join gen_param p
cross join lateral (select x.period, count(*)::int as runs, sum(r.score)::bigint as score_sum,
                           bit_or(case when r.exam then 1 << r.grade else 0 end)::smallint as exam_grades, max(r.at) as last_run_at
                    from gen_runs(w, p) r
                    cross join lateral (values (to_char(r.d, 'YYYY-MM-DD')), (to_char(r.d, 'IYYY-"W"IW')), (to_char(r.d, 'YYYY-MM')),
                                               (to_char(r.d, 'YYYY-"Q"Q')), (to_char(r.d, 'YYYY'))) x(period)
                    group by x.period) t
where w.n >= :lo and w.n < :hi;

-- and the days of the year they ran (and ran an exam level, per grade)
insert into activity_days (year, account_id, enterprise_id, trade_id, days, exam_g1, exam_g2, exam_g3, exam_g4, exam_g5)
select t.year, w.account_id, w.enterprise_id, w.trade_id, t.days, t.g1, t.g2, t.g3, t.g4, t.g5
from gen_worker w cross join gen_param p
cross join lateral (select y.year, bit_or(y.day) as days,
                           bit_or(y.day) filter (where y.exam_grade = 1) as g1, bit_or(y.day) filter (where y.exam_grade = 2) as g2,
                           bit_or(y.day) filter (where y.exam_grade = 3) as g3, bit_or(y.day) filter (where y.exam_grade = 4) as g4,
                           bit_or(y.day) filter (where y.exam_grade = 5) as g5
                    from (select extract(year from r.d)::smallint as year, case when r.exam then r.grade end as exam_grade,
                                 set_bit(0::bit(366), extract(doy from r.d)::int - 1, 1) as day
                          from gen_runs(w, p) r) y
                    group by y.year) t
where w.n >= :lo and w.n < :hi;
\endif

\if :finish
-- the units' sums: the generated workers' rows per enterprise, then every region above it, added to the demo's
create temp table gen_unit as
select aw.period, 'E'::char(1) as kind, aw.enterprise_id as id, aw.trade_id, ep.size_class, count(*)::int as active,
       sum(aw.challenge_runs)::int as challenge_runs, sum(aw.levels_passed)::int as levels_passed, sum(aw.score_sum)::bigint as score_sum,
       sum(aw.scored_runs)::int as scored_runs, sum(aw.points)::bigint as points,
       count(*) filter (where aw.exam_grades & 2 <> 0)::int as g1, count(*) filter (where aw.exam_grades & 4 <> 0)::int as g2,
       count(*) filter (where aw.exam_grades & 8 <> 0)::int as g3, count(*) filter (where aw.exam_grades & 16 <> 0)::int as g4,
       count(*) filter (where aw.exam_grades & 32 <> 0)::int as g5
from activity_worker aw join enterprise_place ep on ep.enterprise_id = aw.enterprise_id
where aw.account_id >= (select min(account_id) from gen_worker)
group by aw.period, aw.enterprise_id, aw.trade_id, ep.size_class;
insert into activity_unit as au (period, unit_kind, unit_id, trade_id, size_class, active, challenge_runs, practice_runs,
                                 levels_passed, score_sum, scored_runs, points, exam_reached)
select u.period, r.kind, r.id, u.trade_id, u.size_class, sum(u.active), sum(u.challenge_runs), 0, sum(u.levels_passed),
       sum(u.score_sum), sum(u.scored_runs), sum(u.points), array[sum(u.g1), sum(u.g2), sum(u.g3), sum(u.g4), sum(u.g5)]::int[]
from gen_unit u join enterprise_place ep on ep.enterprise_id = u.id
cross join lateral (values ('E', u.id), ('R', ep.county_id), ('R', ep.city_id), ('R', ep.province_id)) r(kind, id)
where r.id is not null
group by 1, 2, 3, 4, 5
on conflict (unit_kind, unit_id, period, trade_id, size_class) do update set
    active = au.active + excluded.active, challenge_runs = au.challenge_runs + excluded.challenge_runs,
    levels_passed = au.levels_passed + excluded.levels_passed, score_sum = au.score_sum + excluded.score_sum,
    scored_runs = au.scored_runs + excluded.scored_runs, points = au.points + excluded.points,
    exam_reached = array[au.exam_reached[1] + excluded.exam_reached[1], au.exam_reached[2] + excluded.exam_reached[2],
                         au.exam_reached[3] + excluded.exam_reached[3], au.exam_reached[4] + excluded.exam_reached[4],
                         au.exam_reached[5] + excluded.exam_reached[5]];

-- the sequence past the generated numbers; the folds and the integrity scan past the generated runs (they hold no
-- answers, so the wrong-answer books and the item statistics have nothing to take from them)
select setval('attempt_id_seq', (select s0 from gen_param) + ((select max(n) from gen_worker)::bigint + 1) * 10);
insert into job_watermark as j (job, last_at, last_id)
select job, now(), (select max(id) from attempt)
from unnest(array['union-activity', 'wrong-answer-book', 'item-statistics']) job
on conflict (job) do update set last_at = excluded.last_at, last_id = excluded.last_id;
insert into job_watermark as j (job, last_at) values ('integrity-scan', now())
on conflict (job) do update set last_at = excluded.last_at;

drop function gen_runs(gen_worker, gen_param);
drop table gen_worker, gen_level, gen_param;
vacuum analyze;
select (select count(*) from worker) as workers, (select count(*) from attempt) as attempts,
       (select count(*) from point_total) as point_totals, (select count(*) from activity_worker) as activity_worker_rows;
\endif
