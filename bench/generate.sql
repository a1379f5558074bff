-- Benchmark data: 100,000 workers across the demo province and 1,000,000 finished attempts over the last
-- eight weeks, with the standings and point totals those attempts imply. Needs a migrated database with the
-- demo data loaded (bench/run.sh does both). Runs in a few minutes; safe to run twice.
--   psql -v workers=1000000 -v enterprises=10000 ... : a province-sized variant: that many workers (ten attempts
--   each) on that many generated enterprises of every size class across the demo's counties (two teams each)
\set ON_ERROR_STOP on
\timing on
\if :{?workers}
\else
  \set workers 100000
\endif
\if :{?enterprises}
\else
  \set enterprises 0
\endif

insert into enterprise (name, credit_code, region_id, industry_id, size_class)
select '压测企业' || n, 'B' || lpad(n::text, 17, '0'), c.id, i.id,
       (array['LARGE', 'MEDIUM', 'SMALL', 'SMALL', 'MICRO', 'MICRO'])[1 + n % 6]
from generate_series(1, :enterprises) n
cross join lateral (select id from region where level = 'COUNTY' order by id offset n % (select count(*) from region where level = 'COUNTY') limit 1) c
cross join lateral (select id from industry where code = case when n % 2 = 0 then 'STEEL' else 'GOLD' end) i
on conflict (credit_code) do nothing;
insert into team (enterprise_id, name)
select e.id, t.name from enterprise e cross join (values ('甲班'), ('乙班')) t(name)
where e.credit_code like 'B%'
on conflict (enterprise_id, name) do nothing;

-- the teams the workers are spread over, numbered: the demo's teams of the trades that have level maps, or the
-- generated enterprises' (a steel enterprise's teams make steel, a gold one's mine gold)
create temp table bench_team as
select team_id, enterprise_id, trade_id, (row_number() over (order by team_id) - 1)::int as idx
from (select distinct w.team_id, w.enterprise_id, w.trade_id
      from worker w join trade t on t.id = w.trade_id
      where :enterprises = 0 and t.code in ('STEELMAKER', 'GOLD_MINER') and w.team_id is not null
      union all
      select tm.id, e.id, tr.id
      from enterprise e join team tm on tm.enterprise_id = e.id join industry i on i.id = e.industry_id
      join trade tr on tr.code = case i.code when 'STEEL' then 'STEELMAKER' else 'GOLD_MINER' end
      where :enterprises > 0 and e.credit_code like 'B%') teams;
select count(*) as teams from bench_team \gset

insert into account (phone, display_name, password_hash, roles)
select '15' || lpad(n::text, 9, '0'), '压测职工' || n,
       (select password_hash from account where phone = '13900000001'), 'WORKER'
from generate_series(1, :workers) n
on conflict (phone) do nothing;

insert into worker (account_id, enterprise_id, team_id, trade_id, trade_since)
select a.id, bt.enterprise_id, bt.team_id, bt.trade_id, date '2020-01-01'
from account a join bench_team bt on bt.idx = substr(a.phone, 3)::int % :teams
where a.phone like '15%'
on conflict (account_id) do nothing;

-- ten passed levels per worker (levels 1..10 of the trade's map, in order), spread over eight weeks
insert into attempt (account_id, trade_id, level_id, mode, status, seed, started_at, expires_at, submitted_at,
                     score, correct_count, total, passed, stars, points_earned, question_ids, version_ids, option_orders)
select w.account_id, w.trade_id, l.id, 'CHALLENGE', 'SUBMITTED', hashtext(w.account_id || '/' || l.id),
       t.at - interval '6 minutes', t.at - interval '6 minutes' + l.time_limit_seconds * interval '1 second', t.at,
       s.score, round(s.score * l.question_count / 100.0), l.question_count, true,
       case when s.score >= l.star3 then 3 when s.score >= l.star2 then 2 else 1 end, s.score, '{}', '{}', '{}'
from worker w
join account a on a.id = w.account_id and a.phone like '15%'
join level l on l.trade_id = w.trade_id and l.map_order <= 10
cross join lateral (select (60 + abs(hashtext(w.account_id || ':' || l.map_order)) % 41)::smallint as score) s
cross join lateral (select now() - interval '56 days' + l.map_order * interval '5 days'
                           + (abs(hashtext(w.account_id::text)) % 1000) * interval '5 minutes' as at) t
where not exists (select 1 from attempt x where x.account_id = w.account_id);

insert into level_progress (account_id, level_id, best_score, best_attempt_id, best_at, stars, passed_at,
                            challenge_attempts, practice_attempts)
select a.account_id, a.level_id, a.score, a.id, a.submitted_at, a.stars, a.submitted_at, 1, 0
from attempt a join account acc on acc.id = a.account_id and acc.phone like '15%'
on conflict do nothing;

insert into point_total (account_id, period, points, reached_at)
select a.account_id, p.period, sum(a.points_earned), max(a.submitted_at)
from attempt a
join account acc on acc.id = a.account_id and acc.phone like '15%'
cross join lateral (values ('ALL'),
                           (to_char(a.submitted_at at time zone 'Asia/Shanghai', 'IYYY-"W"IW')),
                           (to_char(a.submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM'))) p(period)
group by a.account_id, p.period
on conflict do nothing;

analyze;
select (select count(*) from worker) as workers, (select count(*) from attempt) as attempts,
       (select count(*) from point_total) as point_totals;
