#!/usr/bin/env bash
# Benchmark on this machine: packaged application + local PostgreSQL + local Redis, all on one box.
#   bash bench/run.sh [USERS] [SECONDS]
#   REUSE_DATA=1 bash bench/run.sh ...   keeps the database of an earlier run (skips the 2-minute data generation)
# Creates the database chuangguan_bench, loads the demo data and bench/generate.sql (100k workers, 1M attempts),
# rebuilds the boards, then runs the start → submit cycle (bench/LoadTest.java) and the read mix (wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${1:-200}
SECONDS_RUN=${2:-60}
DB=chuangguan_bench
PORT=8090
KEYS=$(mktemp -d)
openssl genrsa 2048 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -out "$KEYS/sign.pem"
openssl pkey -in "$KEYS/sign.pem" -pubout -out "$KEYS/verify.pem"

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
if [ -z "${REUSE_DATA:-}" ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $DB with (force)"
  psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $DB"
fi
redis-cli -n 3 flushdb >/dev/null

export QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/$DB
export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB
export QUARKUS_DATASOURCE_USERNAME=postgres
export QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379/3
export SMALLRYE_JWT_SIGN_KEY_LOCATION=$KEYS/sign.pem
export MP_JWT_VERIFY_PUBLICKEY_LOCATION=$KEYS/verify.pem
export QUARKUS_HTTP_PORT=$PORT
export QUARKUS_LOG_LEVEL=WARN

start_app() {
  java -Xmx2g -jar target/quarkus-app/quarkus-run.jar > "$KEYS/app.log" 2>&1 &
  APP=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "the application did not get ready"; tail -20 "$KEYS/app.log"; exit 1
}
stop_app() { kill "$APP"; wait "$APP" 2>/dev/null || true; }
ticks() { # user+system clock ticks of the given pids
  local sum=0; for p in "$@"; do [ -r /proc/$p/stat ] && sum=$((sum + $(awk '{print $14 + $15}' /proc/$p/stat))); done; echo $sum
}
pg_pids() { pgrep -d ' ' -f 'postgres' || true; }

if [ -z "${REUSE_DATA:-}" ]; then
  echo "== demo data and schema"
  APP_DEMO_ENABLED=true start_app; stop_app
  echo "== generating 100k workers and 1M attempts"
  time psql -h 127.0.0.1 -U postgres -d $DB -q -f bench/generate.sql
fi

start_app
ADMIN=$(curl -s -XPOST "http://127.0.0.1:$PORT/api/auth/login" -H 'content-type: application/json' \
  -d '{"phone":"13900000004","password":"Demo@2026"}' | sed 's/.*"accessToken":"\([^"]*\)".*/\1/')
echo "== rebuild of every board from PostgreSQL"
curl -s -XPOST "http://127.0.0.1:$PORT/api/admin/leaderboards/rebuild" -H "Authorization: Bearer $ADMIN"; echo
curl -s -XPOST "http://127.0.0.1:$PORT/api/admin/leaderboards/rebuild" -H "Authorization: Bearer $ADMIN"; echo

echo "== start → submit (ranks in the answer), $USERS workers, ${SECONDS_RUN}s"
REDIS=$(pgrep -f 'redis-server .*6379' | head -1)
# CPU is counted from the end of the logins (bcrypt, on purpose slow) to the end of the run.
java -cp "target/quarkus-app/lib/main/*" bench/LoadTest.java "http://127.0.0.1:$PORT" "$USERS" "$SECONDS_RUN" > "$KEYS/load.txt" &
LOAD=$!
until grep -q '^logged in' "$KEYS/load.txt" 2>/dev/null; do sleep 0.2; done
before_app=$(ticks $APP); before_pg=$(ticks $(pg_pids)); before_redis=$(ticks $REDIS)
wait $LOAD
after_app=$(ticks $APP); after_pg=$(ticks $(pg_pids)); after_redis=$(ticks $REDIS)
cat "$KEYS/load.txt"
cycles=$(sed -n 's/^cycles: \([0-9]*\).*/\1/p' "$KEYS/load.txt")
hz=$(getconf CLK_TCK)
awk -v a=$((after_app - before_app)) -v p=$((after_pg - before_pg)) -v r=$((after_redis - before_redis)) -v c="$cycles" -v hz="$hz" \
  'BEGIN { printf "CPU per cycle (start, submit, rank; logins excluded): app %.2f ms, PostgreSQL %.2f ms, Redis %.2f ms\n", a*1000/hz/c, p*1000/hz/c, r*1000/hz/c }'

echo "== read-only leaderboard mix"
WORKER=$(curl -s -XPOST "http://127.0.0.1:$PORT/api/auth/login" -H 'content-type: application/json' \
  -d '{"phone":"15000000001","password":"Demo@2026"}' | sed 's/.*"accessToken":"\([^"]*\)".*/\1/')
wrk -t2 -c64 -d"${SECONDS_RUN}s" -s bench/reads.lua -H "Authorization: Bearer $WORKER" "http://127.0.0.1:$PORT" | tail -3

stop_app
rm -rf "$KEYS"
