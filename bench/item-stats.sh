#!/usr/bin/env bash
# Item statistics at the bench's scale: N submitted attempts (default 1,000,000) of 10 steelmaker questions each are
# written in one transaction, then the packaged application's statistics job (every second here instead of every
# 5 minutes) folds them; the script times the fold from the commit until the job's watermark reaches the last id,
# then reads the trade's statistics and the console's question list sorted by facility.
# Targets: the bench's 1M attempts folded in minutes, a statistics page ≤ 300 ms. Usage: bench/item-stats.sh [attempts]
set -euo pipefail
cd "$(dirname "$0")/.."
ATTEMPTS=${1:-1000000}
DB=chuangguan_bench_stats
PORT=8094
PSQL="psql -h 127.0.0.1 -U postgres -d $DB -v ON_ERROR_STOP=1"
WORK=$(mktemp -d)
APP=
trap 'kill $APP 2>/dev/null || true; rm -rf "$WORK"' EXIT
. bench/demo-app.sh
# the other folds over attempts run once after the start and then not again: only the statistics job is measured
start_demo_app "$DB" "$PORT" 9094 6 \
  APP_QUESTIONBANK_STATISTICS_EVERY=1s APP_CHALLENGE_FOLD_WRONG_ANSWERS_EVERY=1h APP_INTEGRITY_SCAN_EVERY=1h
# the statistics job starts 30 s after the start and folds the demo history first
for _ in $(seq 1 120); do
  [ "$($PSQL -tAc "select coalesce((select last_id from job_watermark where job = 'item-statistics'), 0) >= (select max(id) from attempt)")" = t ] && break
  sleep 1
done

TRADE=$($PSQL -tAc "select id from trade where code = 'STEELMAKER'")
echo "generating $ATTEMPTS submitted attempts of 10 questions each (trade $TRADE)"
t0=$(date +%s.%N)
$PSQL -q <<SQL
begin;
-- every published steelmaker version with its options in authoring order, the key a right answer shows, a wrong key,
-- and a facility of its own (5-99 %), so that the folded statistics spread as a real bank's do
create temp table v on commit drop as
select row_number() over (order by v.id) - 1 as i, v.id, v.question_id,
       array_to_string((select array_agg(chr(64 + n)) from generate_series(1, jsonb_array_length(v.options::jsonb)) n), ',') as option_order,
       v.correct_keys as right_key,
       case when v.correct_keys = 'A' then 'B' else 'A' end as wrong_key,
       5 + abs(hashtext(v.id::text)) % 95 as facility
from question_version v join question q on q.id = v.question_id
where q.trade_id = $TRADE and v.status = 'PUBLISHED' and v.type <> 'FILL_BLANK';
create temp table workers on commit drop as
select row_number() over (order by account_id) - 1 as i, account_id from worker where trade_id = $TRADE;
insert into attempt (account_id, trade_id, mode, status, seed, started_at, expires_at, submitted_at, score,
                     correct_count, total, passed, stars, points_earned, question_ids, version_ids, option_orders,
                     selected, correct, counted)
select w.account_id, $TRADE, 'PRACTICE', 'SUBMITTED', g, t.at - interval '5 minutes', t.at + interval '5 minutes', t.at,
       10 * p.rights, p.rights, 10, null, null, 0, p.question_ids, p.version_ids, p.option_orders, p.selected, p.correct, true
from generate_series(1, $ATTEMPTS) g
join workers w on w.i = g % (select count(*) from workers)
cross join lateral (select now() - interval '90 days' + g * (interval '90 days' / $ATTEMPTS) as at) t
cross join lateral (
    select array_agg(v.question_id order by k) as question_ids, array_agg(v.id order by k) as version_ids,
           array_agg(v.option_order order by k) as option_orders,
           array_agg(case when o.ok then v.right_key else v.wrong_key end order by k) as selected,
           array_agg(o.ok order by k) as correct, count(*) filter (where o.ok) as rights
    from generate_series(0, 9) k
    join v on v.i = (g * 7 + k * ((select count(*) from v) / 10)) % (select count(*) from v)
    cross join lateral (select abs(hashtext(g || ':' || k)) % 100 < v.facility as ok) o) p;
commit;
SQL
t1=$(date +%s.%N)
LAST=$($PSQL -tAc "select max(id) from attempt")
printf 'generated in %.0f s; last attempt id %s\n' "$(echo "$t1 - $t0" | bc)" "$LAST"
while [ "$($PSQL -tAc "select last_id >= $LAST from job_watermark where job = 'item-statistics'")" != t ]; do sleep 0.5; done
t2=$(date +%s.%N)
printf 'folded %s attempts (%s answers) in %.1f s\n' "$ATTEMPTS" "$((ATTEMPTS * 10))" "$(echo "$t2 - $t1" | bc)"
$PSQL -tAc "select 'versions with statistics: ' || count(*) || ', shown in all: ' || sum(shown) from item_statistic"

TOKEN=$(curl -s -XPOST "$BASE/api/auth/login" -H 'content-type: application/json' \
  -d '{"phone":"13900000002","password":"Demo@2026"}' | sed 's/.*"accessToken":"\([^"]*\)".*/\1/')
timed() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $TOKEN" "$@"; }
echo "item statistics of the trade (5 runs, status seconds):"
for _ in 1 2 3 4 5; do timed "$BASE/api/trades/$TRADE/item-statistics"; done
echo "question list, first page sorted by facility (5 runs):"
for _ in 1 2 3 4 5; do timed "$BASE/api/trades/$TRADE/questions?sort=facility&size=20"; done
QUESTION=$($PSQL -tAc "select question_id from question_version v join item_statistic s on s.version_id = v.id order by s.shown desc limit 1")
echo "a question's page with its statistics and weeks (5 runs):"
for _ in 1 2 3 4 5; do timed "$BASE/api/questions/$QUESTION"; done
