#!/usr/bin/env bash
# A provincial contest's start: bash bench/contest-load.sh [ENTRANTS] [START_SPREAD_SECONDS]   (defaults 10000 and 60)
# Loads the demo data on a database of its own (chuangguan_contest), adds ENTRANTS steelmakers across the province's
# steel enterprises, logs them all in (bench/ContestLoad.java), then, as the province's union, defines a PROVINCE-tier
# INDIVIDUAL contest of 炼钢工 whose window opens at the next whole minute at least LEAD seconds (default 180) ahead,
# has the steel trainer compose its paper (PAPER questions, default 20), publishes it and registers every entrant in
# bulk, then warms the application with WARMUP seconds (default 60) of level cycles; in the minute before the start
# every entrant opens the contest list and the lobby. At the start the entrants start within START_SPREAD seconds at random and submit after the answer-time floor
# (3 s × questions, plus up to 30 s): the run prints each request type's latencies, the start rate and the errors, the
# CPU per entrant of the application, PostgreSQL (this database's backends and the server's own processes) and Redis,
# and checks the live board in Redis against PostgreSQL. Exits non-zero on any error or difference.
# Needs the packaged application (built if missing; APP_JAR names another copy).
set -euo pipefail
cd "$(dirname "$0")/.."
ENTRANTS=${1:-10000}
SPREAD=${2:-60}
PAPER=${PAPER:-20}
LEAD=${LEAD:-180}
WARMUP=${WARMUP:-60} # seconds of level cycles before the start (0: the contest meets a cold JVM)
BULK=${BULK:-5000} # ids per bulk registration, the endpoint's most
FLOOR=3 # the application's default app.challenge.min-seconds-per-question, kept
DB=chuangguan_contest
FIRST_PHONE=16600000001 # a range of their own: generate.sql's workers are 15…, the demo's 139…
PSQL="psql -h 127.0.0.1 -U postgres -d $DB -v ON_ERROR_STOP=1"
WORK=$(mktemp -d)
APP=
LOAD=
trap '[ -n "$LOAD" ] && kill $LOAD 2>/dev/null; [ -n "$APP" ] && kill $APP 2>/dev/null; rm -rf "$WORK"' EXIT
. bench/demo-app.sh

echo "== demo data and schema; the application with the limits' maxima lifted (every check still runs), the answer-time floor on"
# the entrants log in minutes before the start, all at once (a phone would refresh its token): tokens live an hour
start_demo_app $DB 8095 9095 6 APP_LIMITS_ATTEMPT_STARTS_MAX=1000000000 APP_LIMITS_EXAM_STARTS_MAX=1000000000 \
  APP_LIMITS_LOGIN_FAILURES_PER_ADDRESS_MAX=1000000000 APP_LIMITS_REFRESHES_PER_ADDRESS_MAX=1000000000 \
  APP_LIMITS_LOGIN_ATTEMPTS_PER_PHONE_AND_ADDRESS_MAX=1000000000 APP_AUTH_ACCESS_TOKEN_TTL=PT1H
APP_LIB=$(dirname "${APP_JAR:-target/quarkus-app/quarkus-run.jar}")/lib/main

echo "== $ENTRANTS steelmakers across the province's steel enterprises (the demo's steelmaker teams, in turn)"
add_steelmakers "$DB" "$ENTRANTS" "$FIRST_PHONE"
$PSQL -Atc "select count(*) || ' entrants in ' || count(distinct enterprise_id) || ' enterprises' from worker w
            join account a on a.id = w.account_id where a.phone::bigint >= $FIRST_PHONE"

echo "== logging in every entrant (eight at a time)"
java -cp "$APP_LIB/*" bench/ContestLoad.java "$BASE" "$ENTRANTS" "$SPREAD" "$FIRST_PHONE" "$WORK/contest" --floor=$FLOOR \
  > "$WORK/load.txt" 2>&1 &
LOAD=$!
until grep -q '^logged in' "$WORK/load.txt" 2>/dev/null; do
  kill -0 $LOAD 2>/dev/null || { cat "$WORK/load.txt"; exit 1; }
  sleep 1
done
cat "$WORK/load.txt"

login() {
  curl -s -XPOST "$BASE/api/auth/login" -H 'content-type: application/json' \
    -d "{\"phone\":\"$1\",\"password\":\"Demo@2026\"}" | sed 's/.*"accessToken":"\([^"]*\)".*/\1/'
}
api() { # METHOD PATH TOKEN [JSON] → the answer's body; a status ≥ 300, or none in 5 minutes, stops the run
  local out
  out=$(curl -s --max-time 300 -w '\n%{http_code}' -X "$1" "$BASE$2" -H "Authorization: Bearer $3" ${4:+-H 'content-type: application/json' --data-binary "$4"})
  [ "${out##*$'\n'}" -lt 300 ] && [ "${out##*$'\n'}" -gt 0 ] || { echo "$1 $2 answered ${out##*$'\n'}: ${out%$'\n'*}" >&2; return 1; }
  printf '%s' "${out%$'\n'*}"
}
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

echo "== the province's union defines the contest, the trainer composes the paper, the union publishes it"
ADMIN=$(login 13900000007)
TRAINER=$(login 13900000002)
NOW=$(date +%s)
STARTS=$(( (NOW + LEAD + 59) / 60 * 60 )) # a fixed minute, after the logins
DRAFT=$(jq -nc --arg opens "$(iso $((NOW - 60)))" --arg starts "$(iso $STARTS)" --arg ends "$(iso $((STARTS + 3600)))" \
  --argjson province "$($PSQL -Atc "select id from region where code = '370000'")" \
  --argjson trade "$($PSQL -Atc "select id from trade where code = 'STEELMAKER'")" \
  '{name: "山东省炼钢工职业技能竞赛（压测）", tier: "PROVINCE", organiser: "region:\($province)", tradeId: $trade,
    format: "INDIVIDUAL", registrationOpens: $opens, registrationCloses: $starts, startsAt: $starts, endsAt: $ends,
    durationSeconds: 1800, qualifyCount: 100, promoteTop: 10}')
ID=$(api POST /api/contests "$ADMIN" "$DRAFT" | jq .id)
# by hand, as ContestTest does: published learning questions of the trade not on another contest's paper
QUESTIONS=$($PSQL -Atc "select json_build_object('questionIds', json_agg(id)) from (select q.id from question q
  join trade t on t.id = q.trade_id and t.code = 'STEELMAKER'
  where q.pool = 'LEARNING' and exists (select 1 from question_version v where v.question_id = q.id and v.status = 'PUBLISHED')
    and not exists (select 1 from contest_paper p where p.question_id = q.id) order by q.id limit $PAPER) x")
api PUT /api/contests/$ID/paper "$TRAINER" "$QUESTIONS" | jq -r '"contest \(.id): paper of \(.paperSize) questions"'
api POST /api/contests/$ID/publish "$ADMIN" | jq -r '"\(.state), window \(.startsAt) – \(.endsAt), \(.durationSeconds) s a run"'

echo "== bulk registration of the $ENTRANTS entrants, $BULK a request"
BEFORE=$(date +%s%N)
REGISTERED=0
for offset in $(seq 0 "$BULK" $((ENTRANTS - 1))); do
  BODY=$($PSQL -Atc "select json_build_object('accountIds', json_agg(id)) from (select id from account
    where phone::bigint >= $FIRST_PHONE and roles = 'WORKER' order by id offset $offset limit $BULK) x")
  OUTCOME=$(api POST /api/contests/$ID/registrations/bulk "$ADMIN" "$BODY")
  REGISTERED=$((REGISTERED + $(jq '.registered | length' <<< "$OUTCOME")))
  jq -e '.refused | length == 0' <<< "$OUTCOME" >/dev/null || { jq -c '.refused[:5]' <<< "$OUTCOME"; exit 1; }
done
awk -v n=$REGISTERED -v ns=$(( $(date +%s%N) - BEFORE )) 'BEGIN { printf "registered %d in %.2f s (%.0f/s)\n", n, ns/1e9, n/(ns/1e9) }'
[ "$REGISTERED" = "$ENTRANTS" ] || { echo "registered $REGISTERED, not $ENTRANTS"; exit 1; }
[ "$(date +%s)" -lt "$STARTS" ] || { echo "the setup ran past the start: raise LEAD"; exit 1; }
# the entrants learn the contest now: in its last minute before the start each opens the lobby (ContestLoad --lobby)
echo "$ID $((STARTS * 1000))" > "$WORK/contest.tmp" && mv "$WORK/contest.tmp" "$WORK/contest"
if [ "$WARMUP" -gt 0 ]; then
  # a server in service has compiled its hot code long before a contest starts; a fresh JVM has not
  echo "== warming the application: $WARMUP s of level start → submit cycles by 50 entrants (not measured)"
  java -cp "$APP_LIB/*" bench/LoadTest.java "$BASE" 50 "$WARMUP" "$FIRST_PHONE" > "$WORK/warmup.txt" 2>&1 \
    || { cat "$WORK/warmup.txt"; exit 1; }
  grep -m1 -i "cycles" "$WORK/warmup.txt" || true
  [ "$(date +%s)" -lt "$STARTS" ] || { echo "the warm-up ran past the start: raise LEAD"; exit 1; }
fi

echo "== the start: $(iso $STARTS), entrants starting within $SPREAD s"
ticks() { # user+system clock ticks of the given pids
  local sum=0; for p in "$@"; do [ -r /proc/$p/stat ] && sum=$((sum + $(awk '{print $14 + $15}' /proc/$p/stat))); done; echo $sum
}
# this database's backends and the server's own processes (another database's work on the same server is not ours)
pg_pids() { $PSQL -Atc "select string_agg(pid::text, ' ') from pg_stat_activity where (datname = '$DB' or datname is null)
                         and pid <> pg_backend_pid()"; }
REDIS=$(pgrep -f 'redis-server .*6379' | head -1)
idle_app=$(ticks $APP); idle_pg=$(ticks $(pg_pids)); idle_redis=$(ticks $REDIS); idle_since=$(date +%s%N)
until grep -q '^measuring' "$WORK/load.txt"; do kill -0 $LOAD 2>/dev/null || break; sleep 0.2; done
before_app=$(ticks $APP); before_pg=$(ticks $(pg_pids)); before_redis=$(ticks $REDIS); measured_since=$(date +%s%N)
STATUS=0
wait $LOAD || STATUS=$?
LOAD=
after_app=$(ticks $APP); after_pg=$(ticks $(pg_pids)); after_redis=$(ticks $REDIS); measured_until=$(date +%s%N)
sed -n '/^contest /,$p' "$WORK/load.txt"
# what the three use while idle (scheduled jobs) counts in a small run's figures: it is printed per second to compare
awk -v a=$((after_app - before_app)) -v p=$((after_pg - before_pg)) -v r=$((after_redis - before_redis)) \
  -v ia=$((before_app - idle_app)) -v ip=$((before_pg - idle_pg)) -v ir=$((before_redis - idle_redis)) \
  -v s=$(( (measured_until - measured_since) / 1000000 )) -v is=$(( (measured_since - idle_since) / 1000000 )) \
  -v n="$ENTRANTS" -v hz="$(getconf CLK_TCK)" \
  'BEGIN { if (is < 1) is = 1; if (s < 1) s = 1
          printf "CPU per entrant (start + submit; the measured %.0f s): app %.2f ms, PostgreSQL %.2f ms, Redis %.2f ms\n",
           s/1000, a*1000/hz/n, p*1000/hz/n, r*1000/hz/n
           printf "CPU per second: measured app %.0f ms, PostgreSQL %.0f ms, Redis %.0f ms; idle before the start (%.0f s) %.0f, %.0f, %.0f ms\n",
           a*1e6/hz/s, p*1e6/hz/s, r*1e6/hz/s, is/1000, ia*1e6/hz/is, ip*1e6/hz/is, ir*1e6/hz/is }'
# the same requests as the application timed them (its histogram buckets): what the load generator adds is its own
curl -s http://127.0.0.1:9095/q/metrics | awk '
  /^http_server_requests_seconds_bucket/ && /method="POST"/ && /status="20[01]"/ {
    uri = $0; sub(/.*uri="/, "", uri); sub(/".*/, "", uri)
    if (uri != "/api/contests/{id}/runs" && uri != "/api/contests/{id}/runs/{runId}/submission") next
    le = $0; sub(/.*le="/, "", le); sub(/".*/, "", le); n[uri, le] += $NF; if (le == "+Inf") total[uri] += $NF; les[le] = 1 }
  END { for (u in total) { line = ""; for (le in les) if (le != "+Inf" && (u, le) in n) line = line sprintf(" %s", le)
          split(line, bounds, " "); m = asort(bounds)
          out = ""; for (i = 1; i <= m; i++) out = out sprintf(" ≤%g ms %.2f%%", bounds[i] * 1000, 100 * n[u, bounds[i]] / total[u])
          printf "server side, %s (%d):%s\n", u == "/api/contests/{id}/runs" ? "start" : "submit", total[u], out } }' | sort -r
api GET /api/contests/$ID/monitor "$ADMIN" | jq -r '"monitor: \(.state), registered \(.registered), started \(.started), submitted \(.submitted)"
  + (if .tooFast then ", too fast \(.tooFast)" else "" end)'

echo "== the live board in Redis against PostgreSQL"
# each entrant's best run by the tie rules (score, then shorter time, then earlier submission), and the board value
# ContestBoards gives it: score × 2^46 + (2^27 − 1 − ms taken) × 2^19 + (2^19 − 1 − seconds from the start)
$PSQL -Atc "select b.account_id, (b.score::bigint << 46) + ((134217727 - least(greatest(b.elapsed_ms, 0), 134217727))::bigint << 19)
              + (524287 - least(greatest(floor(extract(epoch from b.submitted_at - c.starts_at))::bigint, 0), 524287))
            from (select distinct on (account_id) * from contest_entry where contest_id = $ID and status = 'SUBMITTED'
                  order by account_id, score desc, elapsed_ms, submitted_at) b join contest c on c.id = b.contest_id
            order by b.score desc, b.elapsed_ms, b.submitted_at, b.account_id" -F' ' > "$WORK/pg.txt"
redis-cli -n 6 zrevrange "cg:contest:{C:$ID}:people" 0 -1 withscores | paste -d' ' - - \
  | awk '{ printf "%s %.0f\n", $1, $2 }' > "$WORK/redis.txt"
BOARD=0
if cmp -s <(sort "$WORK/pg.txt") <(sort "$WORK/redis.txt"); then
  if cmp -s "$WORK/pg.txt" "$WORK/redis.txt"; then
    echo "board matches PostgreSQL: $(wc -l < "$WORK/pg.txt") entries, same members, values and order"
  else
    # equal values (same score, ms taken and second): the board orders them by member, PostgreSQL by the exact time
    echo "board matches PostgreSQL: $(wc -l < "$WORK/pg.txt") entries, same members and values;" \
      "$(paste -d' ' "$WORK/pg.txt" "$WORK/redis.txt" | awk '$1 != $3' | wc -l) places differ within equal values only"
  fi
else
  BOARD=1
  echo "board differs from PostgreSQL ($(wc -l < "$WORK/pg.txt") runs, $(wc -l < "$WORK/redis.txt") board entries):"
  diff <(sort "$WORK/pg.txt") <(sort "$WORK/redis.txt") | grep '^[<>]' | head -20 \
    | sed 's/^</  PostgreSQL (account value):/; s/^>/  Redis board (account value):/'
fi
# the board as the API serves it: the top 200 in the board's order, each with its PostgreSQL best score
api GET "/api/contests/$ID/board?size=200" "$ADMIN" | jq -r '.people[] | "\(.id) \(.score)"' > "$WORK/api.txt"
$PSQL -Atc "select account_id, max(score) from contest_entry where contest_id = $ID and status = 'SUBMITTED' group by 1" -F' ' \
  | awk 'NR == FNR { best[$1] = $2; next } { print $1, best[$1] }' - <(head -200 "$WORK/redis.txt") > "$WORK/expected.txt"
if cmp -s "$WORK/api.txt" "$WORK/expected.txt"; then
  echo "the API's board (top $(wc -l < "$WORK/api.txt")) matches"
else
  BOARD=1
  echo "the API's board differs:"; diff "$WORK/expected.txt" "$WORK/api.txt" | head -10
fi
# the application's warnings and errors, counted by message (time and thread left out)
grep -E '^[0-9-]+ [0-9:,]+ (WARN|ERROR)' "$WORK/app.log" | sed -E 's/^[^ ]+ [^ ]+ //; s/ \([^)]*\)//' | cut -c1-200 | sort | uniq -c \
  | sort -rn | head -5 | sed 's/^/app log: /' || true
[ "$STATUS" = 0 ] && [ "$BOARD" = 0 ] || { echo "exit 1"; exit 1; }
