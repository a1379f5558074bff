#!/usr/bin/env bash
# Two instances, one truth: bash bench/two-instances.sh [WORKERS] [SECONDS]   (defaults 100 and 60)
# Loads the demo data on a database of its own (chuangguan_pair) with WORKERS steelmakers, starts two instances of
# the packaged application (ports 8096 and 8097) on the same PostgreSQL and Redis, and drives both at once for
# SECONDS with bench/LoadTest.java, the same workers through both (as phones behind a load balancer reach either pod):
# their submissions update the same totals and boards from two JVMs, their batches meet in the same tables. Then, the
# load stopped and the relays drained, it checks that nothing was lost or counted twice:
#  - every board in Redis equals the board a rebuild from PostgreSQL makes (dumped live, rebuilt, dumped, compared);
#  - every worker's all-time points equal the sum of the points their attempts earned;
#  - the union's roll-up (each instance runs the job; one at a time folds) counted every run of the year once.
# Prints each instance's cycles and errors; exits non-zero on an error or a difference.
set -euo pipefail
cd "$(dirname "$0")/.."
WORKERS=${1:-100}
SECONDS_RUN=${2:-60}
DB=chuangguan_pair
REDIS_DB=7
FIRST_PHONE=16700000001
PSQL="psql -h 127.0.0.1 -U postgres -d $DB -v ON_ERROR_STOP=1"
WORK=$(mktemp -d)
APP= APP_OTHER= LOADS=
trap 'for p in $LOADS $APP $APP_OTHER; do kill $p 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
. bench/demo-app.sh

# the roll-up every 5 s on both, so that both try it often while the load runs
echo "== two instances on one PostgreSQL and one Redis"
LIMITS="APP_LIMITS_ATTEMPT_STARTS_MAX=1000000000 APP_LIMITS_EXAM_STARTS_MAX=1000000000 APP_LIMITS_LOGIN_FAILURES_PER_ADDRESS_MAX=1000000000
  APP_LIMITS_REFRESHES_PER_ADDRESS_MAX=1000000000 APP_LIMITS_LOGIN_ATTEMPTS_PER_PHONE_AND_ADDRESS_MAX=1000000000 APP_UNION_ROLLUP_EVERY=5s"
# shellcheck disable=SC2086
start_demo_app $DB 8096 9096 $REDIS_DB $LIMITS
# shellcheck disable=SC2086
start_another_app 8097 9097 $LIMITS
APP_LIB=$(dirname "${APP_JAR:-target/quarkus-app/quarkus-run.jar}")/lib/main
add_steelmakers $DB "$WORKERS" $FIRST_PHONE
echo "instances: $BASE (pid $APP) and $BASE_OTHER (pid $APP_OTHER); $WORKERS steelmakers"

echo "== $SECONDS_RUN s of start → submit cycles by the same $WORKERS workers through both instances"
java -cp "$APP_LIB/*" bench/LoadTest.java "$BASE" "$WORKERS" "$SECONDS_RUN" $FIRST_PHONE > "$WORK/a.txt" 2>&1 &
LOADS="$!"
java -cp "$APP_LIB/*" bench/LoadTest.java "$BASE_OTHER" "$WORKERS" "$SECONDS_RUN" $FIRST_PHONE > "$WORK/b.txt" 2>&1 &
LOADS="$LOADS $!"
STATUS=0
for p in $LOADS; do wait "$p" || STATUS=1; done
LOADS=
for f in a b; do
  echo "-- instance $f:"; grep -E "^cycles|^errors|^cycle " "$WORK/$f.txt" | sed 's/^/   /'
done

echo "== after the load: the relays drained, the roll-up caught up"
for _ in $(seq 1 60); do
  [ "$($PSQL -Atc "select count(*) from leaderboard_outbox")" = 0 ] && break; sleep 1
done
echo "outbox rows left: $($PSQL -Atc "select count(*) from leaderboard_outbox")"
# every board of every period, member and value, sorted: the live boards, then the boards a rebuild makes
dump() {
  redis-cli -n $REDIS_DB --scan --pattern 'cg:lb:{*}' | sort | while read -r key; do
    redis-cli -n $REDIS_DB zrange "$key" 0 -1 withscores | paste -d' ' - - | sed "s/^/$key /"
  done
}
dump > "$WORK/live.txt"
ADMIN=$(curl -s -XPOST "$BASE/api/auth/login" -H 'content-type: application/json' \
  -d '{"phone":"13900000004","password":"Demo@2026"}' | sed 's/.*"accessToken":"\([^"]*\)".*/\1/')
curl -fs -XPOST "$BASE_OTHER/api/admin/leaderboards/rebuild" -H "Authorization: Bearer $ADMIN" > "$WORK/rebuild.json" \
  || { echo "the rebuild failed"; STATUS=1; }
dump > "$WORK/rebuilt.txt"
if cmp -s "$WORK/live.txt" "$WORK/rebuilt.txt"; then
  echo "boards: $(cut -d' ' -f1 "$WORK/live.txt" | sort -u | wc -l) boards, $(wc -l < "$WORK/live.txt") entries, equal to their rebuild from PostgreSQL"
else
  STATUS=1
  echo "boards differ from their rebuild from PostgreSQL (live <, rebuilt >):"; diff "$WORK/live.txt" "$WORK/rebuilt.txt" | head -20
fi
$PSQL -Atc "select count(*) filter (where coalesce(a.earned, 0) <> coalesce(p.points, 0)), count(*)
            from (select account_id, sum(points_earned) earned from attempt where points_earned is not null group by 1) a
            full join (select account_id, points from point_total where period = 'ALL') p using (account_id)" -F' ' \
  | { read -r wrong all; echo "points: $wrong of $all workers' all-time totals differ from the sum of their attempts' points"; [ "$wrong" = 0 ]; } \
  || STATUS=1
echo "attempts: $($PSQL -Atc "select string_agg(status || ' ' || n, ', ') from (select status, count(*) n from attempt group by 1 order by 1) s")"
# the roll-up: this year's runs of every enterprise against the attempts of the year (it folds every 5 s)
YEAR=$(TZ=Asia/Shanghai date +%Y)
COUNTS="select (select coalesce(sum(challenge_runs + practice_runs), 0) from activity_unit where unit_kind = 'E' and period = '$YEAR'),
               (select count(*) from attempt a join worker w on w.account_id = a.account_id where a.status = 'SUBMITTED'
                and a.mode in ('CHALLENGE', 'PRACTICE') and to_char(a.submitted_at at time zone 'Asia/Shanghai', 'YYYY') = '$YEAR')"
for _ in $(seq 1 30); do
  read -r folded submitted < <($PSQL -Atc "$COUNTS" -F' ')
  [ "$folded" = "$submitted" ] && break; sleep 2
done
echo "roll-up: $folded runs of $YEAR counted in the figures, $submitted attempts submitted in $YEAR"
[ "$folded" = "$submitted" ] || STATUS=1
for log in "$WORK"/app*.log; do
  grep -E '^[0-9-]+ [0-9:,]+ (WARN|ERROR)' "$log" | sed -E 's/^[^ ]+ [^ ]+ //; s/ \([^)]*\)//' | cut -c1-160 | sort | uniq -c \
    | sort -rn | head -5 | sed "s|^|$(basename "$log"): |" || true
done
[ "$STATUS" = 0 ] || { echo "exit 1"; exit 1; }
