#!/usr/bin/env bash
# A province on this machine: bash bench/province.sh [WORKERS] [ENTERPRISES] [PARTS]
# Loads the demo data on a database of its own (chuangguan_province), then bench/province.sql writes WORKERS workers
# (default 4,000,000) with ten passed levels each on ENTERPRISES generated enterprises (default 40,000): attempts,
# standings, point totals and the union's roll-ups, in PARTS parts side by side (default: one per core). Prints the
# time of each step and what the database holds. Then measure on it with the application:
#   BENCH_DB=chuangguan_province REUSE_DATA=1 bash bench/run.sh 75 40
# (the boards' full rebuild, Redis memory, the submission cycle, the board reads, the union's dashboard).
# CHECK_FOLD=1 (for a small province: bash bench/province.sh 3000 30): then empties the union's roll-ups, lets the
# application's roll-up job fold every attempt again from the first, and compares its rows with the generator's.
set -euo pipefail
cd "$(dirname "$0")/.."
WORKERS=${1:-4000000}
ENTERPRISES=${2:-40000}
PARTS=${3:-$(nproc)}
DB=chuangguan_province
PSQL="psql -h 127.0.0.1 -U postgres -X -q"
WORK=$(mktemp -d)
APP=
trap '[ -n "$APP" ] && kill $APP 2>/dev/null; rm -rf "$WORK"' EXIT
. bench/demo-app.sh

echo "== demo data and schema"
start_demo_app $DB 8094 9094 6 APP_UNION_ROLLUP_EVERY=off
kill $APP; wait $APP 2>/dev/null || true; APP=

START=$SECONDS
echo "== $WORKERS workers on $ENTERPRISES enterprises"
$PSQL -d $DB -v step=setup -v workers="$WORKERS" -v enterprises="$ENTERPRISES" -f bench/province.sql
echo "== their runs, standings, point totals and roll-ups, in $PARTS parts"
PIDS=()
for part in $(seq 0 $((PARTS - 1))); do
  $PSQL -d $DB -v step=runs -v lo=$((1 + WORKERS * part / PARTS)) -v hi=$((1 + WORKERS * (part + 1) / PARTS)) \
    -f bench/province.sql > "$WORK/part-$part.log" 2>&1 &
  PIDS+=($!)
done
for pid in "${PIDS[@]}"; do wait "$pid" || { cat "$WORK"/part-*.log; exit 1; }; done
cat "$WORK/part-0.log"
echo "== the units' roll-ups, the watermarks, vacuum analyze"
$PSQL -d $DB -v step=finish -f bench/province.sql
echo "generated in $((SECONDS - START)) s"

$PSQL -d $DB -P pager=off -c "select pg_size_pretty(pg_database_size(current_database())) as database" \
  -c "select c.relname as table, count(*) filter (where c2.oid is not null) as partitions,
             pg_size_pretty(sum(pg_table_size(coalesce(c2.oid, c.oid)))) as data,
             pg_size_pretty(sum(pg_indexes_size(coalesce(c2.oid, c.oid)))) as indexes,
             sum(coalesce(c2.reltuples, c.reltuples))::bigint as rows
      from pg_class c left join pg_inherits i on i.inhparent = c.oid left join pg_class c2 on c2.oid = i.inhrelid
      where c.relkind in ('r', 'p') and c.relnamespace = 'public'::regnamespace and not c.relispartition
      group by c.relname order by sum(pg_total_relation_size(coalesce(c2.oid, c.oid))) desc limit 10"

if [ -n "${CHECK_FOLD:-}" ]; then
  echo "== the application's fold from the first attempt, compared with the generated roll-ups"
  $PSQL -d $DB -c "create table gen_expected_worker as select * from activity_worker" \
    -c "create table gen_expected_unit as select * from activity_unit" -c "create table gen_expected_days as select * from activity_days" \
    -c "truncate activity_worker, activity_unit, activity_days, union_fold_pending" \
    -c "update job_watermark set last_id = 0 where job = 'union-activity'"
  DEMO_DB=$DB DEMO_REDIS=6
  run_app 8094 9094 "$WORK/app.log" APP_UNION_ROLLUP_EVERY=1s
  APP=$RAN
  until [ "$($PSQL -d $DB -Atc "select last_id >= (select max(id) from attempt) from job_watermark where job = 'union-activity'")" = t ]; do
    sleep 2
  done
  kill $APP; wait $APP 2>/dev/null || true; APP=
  differ=$($PSQL -d $DB -At \
    -c "select count(*) from ((table activity_worker except all table gen_expected_worker)
                              union all (table gen_expected_worker except all table activity_worker)) d" \
    -c "select count(*) from ((table activity_unit except all table gen_expected_unit)
                              union all (table gen_expected_unit except all table activity_unit)) d" \
    -c "select count(*) from ((table activity_days except all table gen_expected_days)
                              union all (table gen_expected_days except all table activity_days)) d")
  echo "rows that differ (activity_worker, activity_unit, activity_days): $(echo $differ)" \
    "of $($PSQL -d $DB -Atc "select (select count(*) from activity_worker) || ', ' || (select count(*) from activity_unit) || ', ' || (select count(*) from activity_days)")"
  [ "$(echo $differ)" = "0 0 0" ] || exit 1
fi
