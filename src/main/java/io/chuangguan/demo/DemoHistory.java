package io.chuangguan.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.chuangguan.common.Periods;

/**
 * Four weeks of past level runs by the demo workers of the trades that have levels, so boards and archives look
 * alive in dev mode. The runs follow the game's rules (levels in map order, a level counts with its best score,
 * only improvements earn points), planned here and written as the submissions would have written them.
 */
final class DemoHistory {

    /** {@code city}: the code of the worker's city, which decides how keen its workers are (the demo's unevenness). */
    record Worker(String phone, String trade, String city) {
    }

    record Run(Worker worker, DemoQuestionBank.DemoLevel level, Instant submittedAt, int correct) {
        int score() {
            return Math.round(100f * correct / level.questionCount());
        }

        boolean passed() {
            return score() >= level.passMark();
        }

        int stars() {
            int s = score();
            return s < level.passMark() ? 0 : (s >= level.star1() ? 1 : 0) + (s >= level.star2() ? 1 : 0) + (s >= level.star3() ? 1 : 0);
        }
    }

    /** A worker's standing on a level after all runs. */
    record Standing(Worker worker, DemoQuestionBank.DemoLevel level, int bestScore, Instant bestAt, int stars, Instant passedAt,
            int runs) {
    }

    /** Points a worker earned in a period and when the total last grew. */
    record Total(Worker worker, String period, int points, Instant reachedAt) {
    }

    /** {@code practice}: PRACTICE runs over the last months, which earn nothing and change no standing. */
    record Plan(List<Run> runs, List<Standing> standings, List<Total> totals, List<Run> practice) {
    }

    /** Days of practice history before today: the union's trend and quarter have something to show. */
    static final int PRACTICE_DAYS = 100;

    /**
     * How keen a city's workers are, 0.3 to 1: the share of them who play at all, and how often they practise. The
     * demo union's city is keen, so its boards are full; the others differ, so the province sees which cities lag.
     */
    static double keenness(String city) {
        return city.equals(DemoDataLoader.DEMO_CITY) ? 1.0 : 0.3 + 0.7 * (Math.floorMod(city.hashCode() * 31 + 7, 97) / 96.0);
    }

    private DemoHistory() {
    }

    /**
     * {@code fixedTargets}: workers whose run is set (phone → index of the last level to pass), each level passed
     * with full marks at the first try.
     */
    static Plan plan(List<Worker> workers, Map<String, List<DemoQuestionBank.DemoLevel>> maps, Map<String, Integer> fixedTargets,
            Instant now, ZoneId zone) {
        Random random = new Random(20261126);
        List<Run> runs = new ArrayList<>();
        Instant start = now.minus(Duration.ofDays(28));
        List<Run> practice = new ArrayList<>();
        for (Worker worker : workers) {
            List<DemoQuestionBank.DemoLevel> map = maps.get(worker.trade());
            Integer fixed = fixedTargets.get(worker.phone());
            double keen = keenness(worker.city());
            // decided by the phone, not the shared sequence, so a second load skips the same workers
            if (fixed == null && Math.floorMod(worker.phone().hashCode() * 17, 1000) / 1000.0 >= keen) {
                continue;
            }
            for (int day = PRACTICE_DAYS; day >= 1; day--) {
                if (random.nextDouble() < 0.12 * keen) {
                    DemoQuestionBank.DemoLevel level = map.get(random.nextInt(Math.min(3, map.size())));
                    int n = level.questionCount();
                    practice.add(new Run(worker, level, now.minus(Duration.ofDays(day)).plus(Duration.ofMinutes(random.nextInt(600))),
                            n / 3 + random.nextInt(n - n / 3 + 1)));
                }
            }
            int target = fixed != null ? fixed : random.nextInt(10);
            Instant at = start.plus(Duration.ofHours(random.nextInt(24 * 6)));
            for (int i = 0; i <= target && i < map.size(); i++) {
                DemoQuestionBank.DemoLevel level = map.get(i);
                boolean last = i == target;
                for (int attempt = 0; attempt < 3; attempt++) {
                    at = at.plus(Duration.ofHours(2 + random.nextInt(40)));
                    if (at.isAfter(now.minus(Duration.ofHours(1)))) {
                        break;
                    }
                    int n = level.questionCount();
                    // a first try is often shaky, a retry better; the last level of the plan may stay unpassed
                    int correct = attempt == 0 ? n / 2 + random.nextInt(n / 2 + 1) : (int) Math.ceil(n * 0.6) + random.nextInt(n - (int) Math.ceil(n * 0.6) + 1);
                    if (fixed != null) {
                        correct = n;
                    } else if (last && attempt == 0 && random.nextBoolean()) {
                        correct = Math.min(correct, (int) (n * 0.5));
                    }
                    Run run = new Run(worker, level, at, correct);
                    runs.add(run);
                    if (run.passed() && (random.nextInt(3) > 0 || run.score() == 100)) {
                        break;
                    }
                }
                if (runs.stream().noneMatch(r -> r.worker() == worker && r.level() == level && r.passed())) {
                    break;
                }
            }
        }
        return standingsAndTotals(runs, practice, zone);
    }

    private static Plan standingsAndTotals(List<Run> runs, List<Run> practice, ZoneId zone) {
        Map<String, Standing> standings = new LinkedHashMap<>();
        Map<String, Total> totals = new LinkedHashMap<>();
        for (Run run : runs) {
            String key = run.worker().phone() + "/" + run.level().order();
            Standing before = standings.get(key);
            int best = before == null ? -1 : before.bestScore();
            int improvement = before == null ? run.score() : Math.max(0, run.score() - best);
            boolean better = run.score() > best;
            standings.put(key, new Standing(run.worker(), run.level(), better ? run.score() : best,
                    better ? run.submittedAt() : before.bestAt(), Math.max(before == null ? 0 : before.stars(), run.stars()),
                    before != null && before.passedAt() != null ? before.passedAt() : run.passed() ? run.submittedAt() : null,
                    before == null ? 1 : before.runs() + 1));
            if (improvement > 0) {
                for (String period : List.of(Periods.ALL_TIME, Periods.week(run.submittedAt(), zone), Periods.month(run.submittedAt(), zone))) {
                    String totalKey = run.worker().phone() + "/" + period;
                    Total t = totals.get(totalKey);
                    totals.put(totalKey, new Total(run.worker(), period, (t == null ? 0 : t.points()) + improvement, run.submittedAt()));
                }
            }
        }
        return new Plan(runs, new ArrayList<>(standings.values()), new ArrayList<>(totals.values()), practice);
    }

    static Map<String, List<DemoQuestionBank.DemoLevel>> maps(Map<String, List<String>> pointsByTrade) {
        Map<String, List<DemoQuestionBank.DemoLevel>> maps = new HashMap<>();
        pointsByTrade.forEach((trade, points) -> maps.put(trade, DemoQuestionBank.levelMap(points)));
        return maps;
    }
}
