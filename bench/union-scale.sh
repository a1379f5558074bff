#!/usr/bin/env bash
# The union's figures at province scale: bash bench/union-scale.sh [WORKERS] [ENTERPRISES]
# Loads the demo data on a database of its own (chuangguan_scale), generates WORKERS workers (default 1,000,000) with
# ten attempts each on ENTERPRISES generated enterprises (default 10,000) with bench/generate.sql, times the union's
# roll-up job folding all of them (run every second, the other folds off), then times the dashboard requests one at
# a time as bench/run.sh does. Needs the packaged application (built if missing; APP_JAR names another copy).
# REUSE_DATA=1 keeps the database of an earlier run: the application starts on it and only the dashboard is timed.
# ROLLUP_EVERY: the roll-up job's interval (default 1s, to fold the backlog; 30s, the application's default, recounts
# the registered workers less often while the dashboard is timed).
set -euo pipefail
cd "$(dirname "$0")/.."
WORKERS=${1:-1000000}
ENTERPRISES=${2:-10000}
DB=chuangguan_scale
PSQL="psql -h 127.0.0.1 -U postgres"
WORK=$(mktemp -d)
APP=
trap '[ -n "$APP" ] && kill $APP 2>/dev/null; rm -rf "$WORK"' EXIT
. bench/demo-app.sh

if [ -z "${REUSE_DATA:-}" ]; then
  echo "== demo data and schema"
  start_demo_app $DB 8093 9093 5 APP_UNION_ROLLUP_EVERY=off
  kill $APP; wait $APP 2>/dev/null || true; APP=
  echo "== generating $WORKERS workers with ten attempts each on $ENTERPRISES enterprises"
  time $PSQL -d $DB -q -v workers="$WORKERS" -v enterprises="$ENTERPRISES" -f bench/generate.sql
  $PSQL -d $DB -qc "vacuum analyze"
else
  openssl genrsa 2048 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -out "$WORK/sign.pem"
  openssl pkey -in "$WORK/sign.pem" -pubout -out "$WORK/verify.pem"
fi
$PSQL -d $DB -Atc "select 'workers ' || count(*) from worker" -Atc "select 'attempts ' || count(*) from attempt" \
  -Atc "select 'enterprises ' || count(*) from enterprise"

echo "== the union's roll-up job folds every attempt (every second; the other folds off)"
# start_demo_app recreates the database: start the application by hand on the generated one
env QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:5432/$DB" QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_REDIS_HOSTS="redis://127.0.0.1:6379/5" \
  SMALLRYE_JWT_SIGN_KEY_LOCATION="$WORK/sign.pem" MP_JWT_VERIFY_PUBLICKEY_LOCATION="$WORK/verify.pem" \
  QUARKUS_HTTP_PORT=8093 QUARKUS_MANAGEMENT_PORT=9093 QUARKUS_LOG_LEVEL=WARN APP_PUBLIC_URL=http://127.0.0.1:8093 \
  APP_UNION_ROLLUP_EVERY=${ROLLUP_EVERY:-1s} APP_CHALLENGE_FOLD_WRONG_ANSWERS_EVERY=off APP_QUESTIONBANK_STATISTICS_EVERY=off \
  java -Xmx2g -jar "${APP_JAR:-target/quarkus-app/quarkus-run.jar}" > "$WORK/app.log" 2>&1 &
APP=$!
BASE=http://127.0.0.1:8093
START=$SECONDS
until [ "$($PSQL -d $DB -Atc "select coalesce((select last_id from job_watermark where job = 'union-activity'), 0)
           >= (select coalesce(max(id), 0) from attempt where status <> 'OPEN')")" = t ]; do
  [ $((SECONDS - START)) -gt 7200 ] && { echo "the fold did not catch up in two hours"; tail -20 "$WORK/app.log"; exit 1; }
  sleep 5
done
echo "folded in $((SECONDS - START)) s (from the application's start)"
$PSQL -d $DB -Atc "select 'activity_worker rows ' || count(*) from activity_worker" \
  -Atc "select 'activity_unit rows ' || count(*) from activity_unit" -Atc "select pg_size_pretty(pg_total_relation_size('activity_worker')) || ' activity_worker, ' || pg_size_pretty(pg_total_relation_size('activity_unit')) || ' activity_unit'"
$PSQL -d $DB -qc "vacuum analyze activity_worker, activity_unit, activity_days, registered_unit"
for _ in $(seq 1 240); do curl -fs "$BASE/q/health/ready" >/dev/null 2>&1 && break; sleep 1; done

login() {
  curl -s -XPOST "$BASE/api/auth/login" -H 'content-type: application/json' \
    -d "{\"phone\":\"$1\",\"password\":\"Demo@2026\"}" | sed 's/.*"accessToken":"\([^"]*\)".*/\1/'
}
PORT=8093
. bench/dashboard.sh

# A range is counted in front of its first reader only: each roll-up recounts the ranges read since the one before
# while their readers keep the previous figures. Read one every 2 s across several roll-ups and count the slow reads.
echo "== the province's 40-day range read every 2 s for 150 s, the roll-up job running every ${ROLLUP_EVERY:-1s} (seconds)"
RANGE="/api/union/figures?period=RANGE&from=$(date -d '-40 days' +%F)&to=$(date +%F)"
for _ in $(seq 1 75); do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $PROVINCE" "$BASE$RANGE"
  sleep 2
done | awk '$1 != 200 { bad++ } $2 > 0.3 { slow++ } { t[NR] = $2 } END {
  n = asort(t); printf "%d reads: p50 %.3f p95 %.3f max %.3f, %d over 0.3 s%s\n", n, t[int(n * 0.5)], t[int(n * 0.95)], t[n], slow,
    bad ? "  (" bad " not 200)" : "" }'

# The enterprise ranking (10,030 rows) once the JVM has compiled its path: 20 requests unmeasured, then 80.
echo "== breakdown by enterprise, province, warm: 80 requests after 20 (seconds: p50 p95 max)"
for _ in $(seq 1 20); do curl -s -o /dev/null -H "Authorization: Bearer $PROVINCE" "$BASE/api/union/breakdown?by=ENTERPRISE&sort=active"; done
for _ in $(seq 1 80); do
  curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}\n' -H "Authorization: Bearer $PROVINCE" "$BASE/api/union/breakdown?by=ENTERPRISE&sort=active"
done | awk '$1 != 200 { bad++ } { t[NR] = $2; size = $3 } END {
  n = asort(t); printf "%d requests of %d bytes: p50 %.3f p95 %.3f max %.3f%s\n", n, size, t[int(n * 0.5)], t[int(n * 0.95)], t[n],
    bad ? "  (" bad " not 200)" : "" }'
