# Sourced by bench/run.sh and bench/union-scale.sh once the application runs on $PORT with the demo (and generated)
# data, PSQL, DB and login() set: times the union's dashboard requests one at a time, 30 of each, as the province's
# union (13900000007) and 济南市's (13900000003).
echo "== the union's dashboard requests, one at a time, 30 of each (seconds: p50 p95 max)"
PROVINCE=$(login 13900000007)
CITY=$(login 13900000003)
BIG=$($PSQL -d $DB -Atc "select enterprise_id from worker group by 1 order by count(*) desc limit 1")
TEAM=$($PSQL -d $DB -Atc "select team_id from worker where enterprise_id = $BIG and team_id is not null group by 1 order by count(*) desc limit 1")
dashboard() { # name token path
  local times
  times=$(for _ in $(seq 1 30); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $2" "http://127.0.0.1:$PORT$3"; done)
  echo "$times" | awk -v name="$1" '$1 != 200 { bad++ } { t[NR] = $2 } END {
    n = asort(t); printf "%-44s %.3f %.3f %.3f%s\n", name, t[int(n * 0.5)], t[int(n * 0.95)], t[n], bad ? "  (" bad " not 200)" : "" }'
}
dashboard "figures, province, month" "$PROVINCE" "/api/union/figures?period=MONTH"
dashboard "figures, province, quarter" "$PROVINCE" "/api/union/figures?period=QUARTER"
dashboard "figures, province, 40-day range" "$PROVINCE" "/api/union/figures?period=RANGE&from=$(date -d '-40 days' +%F)&to=$(date +%F)"
dashboard "figures, 济南市, 40-day range" "$CITY" "/api/union/figures?period=RANGE&from=$(date -d '-40 days' +%F)&to=$(date +%F)"
dashboard "breakdown by city, province, 40-day range" "$PROVINCE" "/api/union/breakdown?by=CHILD&period=RANGE&from=$(date -d '-40 days' +%F)&to=$(date +%F)"
dashboard "breakdown by city, province" "$PROVINCE" "/api/union/breakdown?by=CHILD"
dashboard "breakdown by enterprise, province" "$PROVINCE" "/api/union/breakdown?by=ENTERPRISE&sort=active"
dashboard "breakdown by trade, province, year" "$PROVINCE" "/api/union/breakdown?by=TRADE&period=YEAR"
dashboard "breakdown by county, 济南市" "$CITY" "/api/union/breakdown?by=CHILD"
dashboard "coverage, province" "$PROVINCE" "/api/union/coverage"
dashboard "trend, 90 days, province" "$PROVINCE" "/api/union/trend?days=90"
dashboard "trend, 90 days, 济南市 (and the province)" "$CITY" "/api/union/trend?days=90"
dashboard "weak points, province" "$PROVINCE" "/api/union/weak-points"
dashboard "teams of the biggest enterprise" "$PROVINCE" "/api/union/breakdown?unit=enterprise:$BIG&by=TEAM"
dashboard "workers of its biggest team, by last run" "$PROVINCE" "/api/union/workers?unit=team:$TEAM&period=QUARTER"
dashboard "targets of the cities" "$PROVINCE" "/api/union/targets"
dashboard "breakdown by enterprise, .xlsx" "$PROVINCE" "/api/union/breakdown.xlsx?by=ENTERPRISE"
dashboard "monthly report, province" "$PROVINCE" "/api/union/report"
