# Sourced by the benchmarks that run the packaged application with the demo data on a database of their own:
#   start_demo_app DB PORT MANAGEMENT_PORT REDIS_DB [NAME=value ...]
# builds the package if missing, recreates DB, empties the Redis database, makes a JWT key pair in $WORK (the caller's
# temporary folder), starts the application (APP_JAR, default target/quarkus-app/quarkus-run.jar; JAVA_OPTS for the JVM)
# with the given extra settings (log in $WORK/app.log), waits until it is
# ready and sets APP (its pid; the caller's EXIT trap stops it) and BASE (its URL).
start_demo_app() {
  local db=$1 port=$2 management=$3 redis=$4
  shift 4
  openssl genrsa 2048 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -out "$WORK/sign.pem"
  openssl pkey -in "$WORK/sign.pem" -pubout -out "$WORK/verify.pem"
  [ -n "${APP_JAR:-}" ] || [ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
  psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $db with (force)" -qc "create database $db"
  redis-cli -n "$redis" flushdb >/dev/null
  DEMO_DB=$db DEMO_REDIS=$redis
  run_app "$port" "$management" "$WORK/app.log" APP_DEMO_ENABLED=true "$@"
  APP=$RAN
  BASE="http://127.0.0.1:$port"
  wait_ready "$BASE" "$WORK/app.log"
}

# Another instance against the database and Redis of the last start_demo_app (its demo data loaded already):
#   start_another_app PORT MANAGEMENT_PORT [NAME=value ...]   sets APP_OTHER and BASE_OTHER (log in $WORK/app-PORT.log)
start_another_app() {
  local port=$1 management=$2
  shift 2
  run_app "$port" "$management" "$WORK/app-$port.log" "$@"
  APP_OTHER=$RAN
  BASE_OTHER="http://127.0.0.1:$port"
  wait_ready "$BASE_OTHER" "$WORK/app-$port.log"
}

run_app() { # PORT MANAGEMENT_PORT LOG [NAME=value ...] → RAN (the pid)
  local port=$1 management=$2 log=$3
  shift 3
  env QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:5432/$DEMO_DB" QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DEMO_DB" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_REDIS_HOSTS="redis://127.0.0.1:6379/$DEMO_REDIS" \
    SMALLRYE_JWT_SIGN_KEY_LOCATION="$WORK/sign.pem" MP_JWT_VERIFY_PUBLICKEY_LOCATION="$WORK/verify.pem" \
    QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management" QUARKUS_LOG_LEVEL=WARN \
    APP_PUBLIC_URL="http://127.0.0.1:$port" "$@" \
    java -Xmx1g ${JAVA_OPTS:-} -jar "${APP_JAR:-target/quarkus-app/quarkus-run.jar}" > "$log" 2>&1 &
  RAN=$!
}

wait_ready() { # BASE LOG
  for _ in $(seq 1 240); do curl -fs "$1/q/health/ready" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "the application did not start:" >&2
  tail -n 30 "$2" >&2
  return 1
}

# COUNT steelmakers with phones from FIRST_PHONE on, across the demo's steelmaker teams in turn, whose password
# Demo@2026 has bcrypt's least cost: add_steelmakers DB COUNT FIRST_PHONE
add_steelmakers() {
  psql -h 127.0.0.1 -U postgres -d "$1" -v ON_ERROR_STOP=1 -q -v entrants="$2" -v first="$3" <<'SQL'
create temp table steel_team as
select team_id, enterprise_id, trade_id, (row_number() over (order by team_id) - 1)::int as idx
from (select distinct w.team_id, w.enterprise_id, w.trade_id from worker w join trade t on t.id = w.trade_id
      where t.code = 'STEELMAKER' and w.team_id is not null) t;
-- logging in is the set-up, not what is measured: the entrants' hash of Demo@2026 has bcrypt's least cost (4), so that
-- 10,000 logins take seconds instead of half an hour (the application checks a hash of any cost)
create extension if not exists pgcrypto;
insert into account (phone, display_name, password_hash, roles)
select (:first + n)::text, '竞赛选手' || (n + 1), h.hash, 'WORKER'
from generate_series(0, :entrants - 1) n, (select crypt('Demo@2026', gen_salt('bf', 4)) as hash) h;
insert into worker (account_id, enterprise_id, team_id, trade_id, trade_since)
select a.id, st.enterprise_id, st.team_id, st.trade_id, date '2020-01-01'
from account a join steel_team st on st.idx = (a.phone::bigint - :first) % (select count(*) from steel_team)
where a.phone::bigint between :first and :first + :entrants - 1;
analyze account; analyze worker;
SQL
}
