#!/usr/bin/env bash
# Benchmark on this machine: packaged application + local PostgreSQL + local Redis, all on one box.
#   bash bench/run.sh [USERS] [SECONDS] [LoadTest options, e.g. --rank]
#   REUSE_DATA=1 bash bench/run.sh ...   keeps the database of an earlier run (skips the data generation)
#   GROUP_COMMIT=0 bash bench/run.sh ... PostgreSQL's default commit_delay (deploy/compose.yml sets 1 ms)
#   WARMUP=60 (seconds of unmeasured load first: both JVMs compile their hot code)
#   LIMITS=off skips the rate-limit checks (by default they run with maxima no run reaches)
#   ROLLUP=off stops the union's roll-up job during the run, to measure what keeping the figures current costs
#   BENCH_JAVA_OPTS="-agentpath:…/libasyncProfiler.so=start,event=cpu,file=…" profiles the application
#   BENCH_DB=chuangguan_province REUSE_DATA=1 bash bench/run.sh ... runs on the province of bench/province.sh
#   BENCH_HEAP (default 2g): the application's -Xmx
#   REBUILDS (default 2): full rebuilds asked for after the application's own (a province's takes minutes each)
#   KEEP_BOARDS=1 keeps the boards of an earlier run in Redis (no rebuild into an empty Redis first)
#   VACUUM=rule vacuums, every 15 s, the tables autovacuum's default rule would (dead rows over 50 + 20 % of the
#     rows) instead of every hot table: a province's 40-million-row tables are not vacuumed every 15 s
# Creates the database chuangguan_bench, loads the demo data and bench/generate.sql (100k workers, 1M attempts),
# folds their wrong-answer books, rebuilds the boards, then runs the start → submit cycle (bench/LoadTest.java) and
# the read mix (wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench/run.sh needs wrk for the read mix: apt-get install wrk" >&2; exit 2; }
USERS=${1:-50}
SECONDS_RUN=${2:-60}
shift $(( $# < 2 ? $# : 2 ))
WARMUP=${WARMUP:-60}
DB=${BENCH_DB:-chuangguan_bench}
PORT=8090
PSQL="psql -h 127.0.0.1 -U postgres"
KEYS=$(mktemp -d)
openssl genrsa 2048 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -out "$KEYS/sign.pem"
openssl pkey -in "$KEYS/sign.pem" -pubout -out "$KEYS/verify.pem"

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
if [ -z "${REUSE_DATA:-}" ]; then
  $PSQL -d postgres -qc "drop database if exists $DB with (force)"
  $PSQL -d postgres -qc "create database $DB"
fi
if [ "${GROUP_COMMIT:-1}" = 1 ]; then
  $PSQL -d postgres -qc "alter database $DB set commit_delay = 1000" -qc "alter database $DB set commit_siblings = 5"
else
  $PSQL -d postgres -qc "alter database $DB reset commit_delay" -qc "alter database $DB reset commit_siblings"
fi
[ -n "${KEEP_BOARDS:-}" ] || redis-cli -n 3 flushdb >/dev/null

export QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/$DB
export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB
export QUARKUS_DATASOURCE_USERNAME=postgres
export QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379/3
export SMALLRYE_JWT_SIGN_KEY_LOCATION=$KEYS/sign.pem
export MP_JWT_VERIFY_PUBLICKEY_LOCATION=$KEYS/verify.pem
export QUARKUS_HTTP_PORT=$PORT
export QUARKUS_LOG_LEVEL=WARN
export APP_PUBLIC_URL=http://127.0.0.1:$PORT
# The virtual workers play far faster than people: the answer-time floor is off, and the limits' maxima are lifted so
# that every check still runs but none refuses. LIMITS=off skips the checks altogether, to measure what they cost.
export APP_CHALLENGE_MIN_SECONDS_PER_QUESTION=0
if [ "${LIMITS:-on}" = off ]; then
  export APP_LIMITS_ENABLED=false
else
  export APP_LIMITS_ATTEMPT_STARTS_MAX=1000000000 APP_LIMITS_EXAM_STARTS_MAX=1000000000 \
    APP_LIMITS_LOGIN_FAILURES_PER_ADDRESS_MAX=1000000000 APP_LIMITS_REFRESHES_PER_ADDRESS_MAX=1000000000 \
    APP_LIMITS_LOGIN_ATTEMPTS_PER_PHONE_AND_ADDRESS_MAX=1000000000
fi

if [ "${ROLLUP:-on}" = off ]; then
  export APP_UNION_ROLLUP_EVERY=off
fi

APP=
start_app() {
  java -Xmx${BENCH_HEAP:-2g} ${BENCH_JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar > "$KEYS/app.log" 2>&1 &
  APP=$!
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "the application did not get ready"; tail -20 "$KEYS/app.log"; exit 1
}
stop_app() { [ -n "$APP" ] && kill "$APP" 2>/dev/null && wait "$APP" 2>/dev/null || true; APP=; }
trap 'stop_app; rm -rf "$KEYS"' EXIT
ticks() { # user+system clock ticks of the given pids
  local sum=0; for p in "$@"; do [ -r /proc/$p/stat ] && sum=$((sum + $(awk '{print $14 + $15}' /proc/$p/stat))); done; echo $sum
}
pg_pids() { pgrep -d ' ' -f 'postgres' || true; }
login() {
  curl -s -XPOST "http://127.0.0.1:$PORT/api/auth/login" -H 'content-type: application/json' \
    -d "{\"phone\":\"$1\",\"password\":\"Demo@2026\"}" | sed 's/.*"accessToken":"\([^"]*\)".*/\1/'
}

if [ -z "${REUSE_DATA:-}" ]; then
  echo "== demo data and schema"
  APP_DEMO_ENABLED=true start_app; stop_app
  echo "== generating 100k workers and 1M attempts"
  time $PSQL -d $DB -q -f bench/generate.sql
  # a deployed system has its wrong-answer books folded already: fold the generated history now (every second instead
  # of every minute), so that the measured run folds only what it plays
  echo "== folding the generated attempts into the wrong-answer books, the item statistics and the union's figures"
  SECONDS_BEFORE=$SECONDS
  APP_CHALLENGE_FOLD_WRONG_ANSWERS_EVERY=1s APP_QUESTIONBANK_STATISTICS_EVERY=1s APP_UNION_ROLLUP_EVERY=1s start_app
  until [ "$($PSQL -d $DB -Atc "select coalesce((select min(last_id) from job_watermark
             where job in ('wrong-answer-book', 'item-statistics', 'union-activity') having count(*) = 3), 0)
             >= (select coalesce(max(id), 0) from attempt where status <> 'OPEN')")" = t ]; do
    [ $((SECONDS - SECONDS_BEFORE)) -gt 600 ] && { echo "the fold did not catch up in 10 minutes"; exit 1; }
    sleep 2
  done
  stop_app
  echo "folded in $((SECONDS - SECONDS_BEFORE)) s"
fi
$PSQL -d $DB -qc "vacuum analyze"

redis_used() { redis-cli info memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p'; }
# the demo and fold starts above built boards already: empty Redis again, so the rebuild below is timed from nothing
[ -n "${KEEP_BOARDS:-}" ] || redis-cli -n 3 flushdb >/dev/null
before_redis_memory=$(redis_used)
start_app
ADMIN=$(login 13900000004)
echo "== the boards rebuilt from PostgreSQL: by the application into the empty Redis, then ${REBUILDS:-2} times on request"
rebuild_started=$SECONDS
until [ "$(redis-cli -n 3 exists cg:lb:marker)" = 1 ]; do sleep 1; done
if [ -z "${KEEP_BOARDS:-}" ]; then
  echo "the application's own rebuild into the empty Redis: done $((SECONDS - rebuild_started)) s after it was ready"
  echo "Redis: $(redis-cli -n 3 dbsize) keys, $(( ($(redis_used) - before_redis_memory) / 1048576 )) MiB more used memory" \
    "(the boards of every scope for all time, this and last week and month)"
fi
rebuild() {
  local answer
  until answer=$(curl -s -w ' %{http_code}' -XPOST "http://127.0.0.1:$PORT/api/admin/leaderboards/rebuild" \
                   -H "Authorization: Bearer $ADMIN") && [ "${answer##* }" != 409 ]; do sleep 2; done
  echo "$answer"
}
for _ in $(seq 1 "${REBUILDS:-2}"); do rebuild; done

echo "== start → submit (ranks in the answer), $USERS workers, ${WARMUP}s warm-up, ${SECONDS_RUN}s measured $*"
REDIS=$(pgrep -f 'redis-server .*6379' | head -1)
java -cp "target/quarkus-app/lib/main/*" bench/LoadTest.java "http://127.0.0.1:$PORT" "$USERS" "$SECONDS_RUN" \
  --warmup="$WARMUP" "$@" > "$KEYS/load.txt" &
LOAD=$!
# this machine's PostgreSQL runs without autovacuum: vacuum the hot tables as it would (its CPU counts)
( while kill -0 $LOAD 2>/dev/null; do sleep 15
    if [ "${VACUUM:-hot}" = rule ]; then
      for table in $($PSQL -d $DB -Atc "select s.relname from pg_stat_user_tables s join pg_class c on c.oid = s.relid
                                        where s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)"); do
        $PSQL -d $DB -qc "vacuum $table" 2>/dev/null || true
      done
    else
      $PSQL -d $DB -qc "vacuum attempt, level_progress, point_total, leaderboard_outbox, start_quota" 2>/dev/null || true
    fi; done ) &
until grep -q '^measuring' "$KEYS/load.txt" 2>/dev/null; do sleep 0.2; done
before_app=$(ticks $APP); before_pg=$(ticks $(pg_pids)); before_redis=$(ticks $REDIS)
wait $LOAD
after_app=$(ticks $APP); after_pg=$(ticks $(pg_pids)); after_redis=$(ticks $REDIS)
cat "$KEYS/load.txt"
cycles=$(sed -n 's/^cycles: \([0-9]*\).*/\1/p' "$KEYS/load.txt")
hz=$(getconf CLK_TCK)
awk -v a=$((after_app - before_app)) -v p=$((after_pg - before_pg)) -v r=$((after_redis - before_redis)) \
  -v c="$cycles" -v hz="$hz" \
  'BEGIN { printf "CPU per cycle (measured part): app %.2f ms, PostgreSQL %.2f ms, Redis %.2f ms\n",
           a*1000/hz/c, p*1000/hz/c, r*1000/hz/c }'

echo "== read-only leaderboard mix, 32 connections"
WORKER=$(login 15000000001)
wrk -t2 -c32 -d10s -s bench/reads.lua -H "Authorization: Bearer $WORKER" "http://127.0.0.1:$PORT" > /dev/null
before_app=$(ticks $APP); before_redis=$(ticks $REDIS)
wrk -t2 -c32 -d"${SECONDS_RUN}s" -s bench/reads.lua -H "Authorization: Bearer $WORKER" "http://127.0.0.1:$PORT" | tee "$KEYS/reads.txt" | tail -1
after_app=$(ticks $APP); after_redis=$(ticks $REDIS)
reads=$(sed -n 's/^reads: \([0-9]*\) requests.*/\1/p' "$KEYS/reads.txt")
awk -v a=$((after_app - before_app)) -v r=$((after_redis - before_redis)) -v n="$reads" -v hz="$hz" \
  'BEGIN { printf "CPU per read: app %.3f ms, Redis %.3f ms\n", a*1000/hz/n, r*1000/hz/n }'

echo "== logins (bcrypt, cost 10), 40 one after another"
before_app=$(ticks $APP); started_ns=$(date +%s%N)
for i in $(seq 11 50); do case "$(login 150000000$i)" in ey*) ;; *) echo "login of 150000000$i failed";; esac; done
after_app=$(ticks $APP); took_ms=$(( ($(date +%s%N) - started_ns) / 1000000 ))
awk -v a=$((after_app - before_app)) -v hz="$hz" -v ms="$took_ms" \
  'BEGIN { printf "CPU per login: app %.1f ms; %.1f ms each, one at a time\n", a*1000/hz/40, ms/40 }'

. bench/dashboard.sh
