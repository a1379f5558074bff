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
  env QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:5432/$db" QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_REDIS_HOSTS="redis://127.0.0.1:6379/$redis" \
    SMALLRYE_JWT_SIGN_KEY_LOCATION="$WORK/sign.pem" MP_JWT_VERIFY_PUBLICKEY_LOCATION="$WORK/verify.pem" \
    QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management" QUARKUS_LOG_LEVEL=WARN APP_DEMO_ENABLED=true \
    APP_PUBLIC_URL="http://127.0.0.1:$port" "$@" \
    java -Xmx1g ${JAVA_OPTS:-} -jar "${APP_JAR:-target/quarkus-app/quarkus-run.jar}" > "$WORK/app.log" 2>&1 &
  APP=$!
  BASE="http://127.0.0.1:$port"
  for _ in $(seq 1 240); do curl -fs "$BASE/q/health/ready" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "the application did not start:" >&2
  tail -n 30 "$WORK/app.log" >&2
  return 1
}
