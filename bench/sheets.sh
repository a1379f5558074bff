#!/usr/bin/env bash
# The trainer's sheets on the packaged application with the demo data: a 500-row upload previewed and imported,
# the steelmaker bank exported, and the console's reads (question list, item statistics). Targets: preview ≤ 3 s,
# import ≤ 5 s, a statistics page ≤ 300 ms. Usage: bench/sheets.sh [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-500}
DB=chuangguan_bench_sheets
PORT=8091
WORK=$(mktemp -d)
APP=
trap 'kill $APP 2>/dev/null || true; rm -rf "$WORK"' EXIT
. bench/demo-app.sh
start_demo_app "$DB" "$PORT" 9091 4
java -cp "target/quarkus-app/lib/main/*" bench/SheetOf500.java "$WORK/sheet.xlsx" "$ROWS"
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
