#!/usr/bin/env bash
# The trainer's sheets on the packaged application with the demo data: a 500-row upload previewed and imported,
# the steelmaker bank exported, and the console's reads (question list, item statistics). Targets: preview ≤ 3 s,
# import ≤ 5 s, a statistics page ≤ 300 ms. Usage: bench/sheets.sh [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-500}
DB=chuangguan_bench_sheets
PORT=8091
PSQL="psql -h 127.0.0.1 -U postgres"
WORK=$(mktemp -d)
trap 'kill $APP 2>/dev/null || true; rm -rf "$WORK"' EXIT
openssl genrsa 2048 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -out "$WORK/sign.pem"
openssl pkey -in "$WORK/sign.pem" -pubout -out "$WORK/verify.pem"

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
$PSQL -d postgres -qc "drop database if exists $DB with (force)" -qc "create database $DB"
redis-cli -n 4 flushdb >/dev/null
java -cp "target/quarkus-app/lib/main/*" bench/SheetOf500.java "$WORK/sheet.xlsx" "$ROWS"

QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/$DB QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB \
QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379/4 \
SMALLRYE_JWT_SIGN_KEY_LOCATION=$WORK/sign.pem MP_JWT_VERIFY_PUBLICKEY_LOCATION=$WORK/verify.pem \
QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=9091 QUARKUS_LOG_LEVEL=WARN APP_DEMO_ENABLED=true APP_PUBLIC_URL=http://127.0.0.1:$PORT \
  java -Xmx1g -jar target/quarkus-app/quarkus-run.jar > "$WORK/app.log" 2>&1 &
APP=$!
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 1; done
BASE=http://127.0.0.1:$PORT
TOKEN=$(curl -s -XPOST "$BASE/api/auth/login" -H 'content-type: application/json' \
  -d '{"phone":"13900000002","password":"Demo@2026"}' | sed 's/.*"accessToken":"\([^"]*\)".*/\1/')
TRADE=$(curl -s "$BASE/api/industries" -H "Authorization: Bearer $TOKEN" | python3 -c \
  'import json,sys; print([t["id"] for i in json.load(sys.stdin) for t in i["trades"] if t["code"]=="STEELMAKER"][0])')
XLSX=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
# the item statistics fold the demo history first, as the job does every 5 minutes
sleep 2

timed() { curl -s -o "$WORK/out" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $TOKEN" "$@"; }
echo "rows in the sheet: $ROWS ($(stat -c %s "$WORK/sheet.xlsx") bytes)"
echo "preview (5 runs, status seconds):"
for _ in 1 2 3 4 5; do timed -XPOST "$BASE/api/trades/$TRADE/question-imports" -H "content-type: $XLSX" --data-binary @"$WORK/sheet.xlsx"; done
python3 -c 'import json; p=json.load(open("'"$WORK/out"'")); print("  valid", p["valid"], "invalid", p["invalid"])'
echo "import:"
timed -XPOST "$BASE/api/trades/$TRADE/question-imports?commit=true" -H "content-type: $XLSX" --data-binary @"$WORK/sheet.xlsx"
python3 -c 'import json; p=json.load(open("'"$WORK/out"'")); print("  imported", p["imported"])'
echo "export of the whole bank:"
timed "$BASE/api/trades/$TRADE/questions.xlsx"
echo "question list, first page sorted by facility (5 runs):"
for _ in 1 2 3 4 5; do timed "$BASE/api/trades/$TRADE/questions?sort=facility&size=20"; done
echo "item statistics of the trade (5 runs):"
for _ in 1 2 3 4 5; do timed "$BASE/api/trades/$TRADE/item-statistics"; done
