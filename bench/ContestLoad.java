import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A contest's start, open loop: every entrant logs in ahead of time; once the contest file names the contest and its
 * start (bench/contest-load.sh writes it after the logins), each entrant starts a run at its own uniformly random moment
 * within the spread, whatever the others do, answers the paper at random after a think time no shorter than the
 * answer-time floor (floor × questions, plus up to {@code --think} seconds) and submits. Latencies count from the moment
 * a request was due, so a generator or server that falls behind shows in them.
 * <p>
 * One Vert.x event loop drives every entrant; run it with the application's libraries on the class path:
 * {@code java -cp 'target/quarkus-app/lib/main/*' bench/ContestLoad.java BASE_URL ENTRANTS SPREAD_SECONDS FIRST_PHONE CONTEST_FILE [--floor=3] [--think=30] [--lobby=60]}
 * Before the start every entrant opens the contest list and the contest's lobby once, at a moment within the last
 * {@code --lobby} seconds (as phones do while their owners wait for the whistle).
 * Prints "logged in", then "measuring" at the contest's start, then the start rate, latency percentiles per request
 * type (and the p99 of each ten seconds from the start, where a cold start or a backlog shows) and errors by status;
 * exits 1 on any error.
 */
public class ContestLoad {

    static final Map<String, Latencies> LATENCIES = new HashMap<>();
    static final Map<String, Integer> ERRORS = new TreeMap<>();
    static Vertx vertx;
    static HttpClient http;
    static String contest;
    static int floorSeconds;
    static int thinkSeconds;
    static int lobbySeconds;
    static long startsAt;
    static int[] startsPerSecond;
    static long firstSent = Long.MAX_VALUE;
    static long lastSent;
    static long maxLagMs;
    static int submitted;
    static long scoreSum;
    static int minScore = Integer.MAX_VALUE;
    static int maxScore = Integer.MIN_VALUE;

    public static void main(String[] args) throws Exception {
        List<String> positional = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        java.net.URI base = java.net.URI.create(positional.get(0));
        int entrants = Integer.parseInt(positional.get(1));
        int spread = Integer.parseInt(positional.get(2));
        long firstPhone = Long.parseLong(positional.get(3));
        Path contestFile = Path.of(positional.get(4));
        floorSeconds = option(args, "--floor=", 3);
        thinkSeconds = option(args, "--think=", 30);
        lobbySeconds = option(args, "--lobby=", 60);

        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        // up to 1,000 connections: enough for the open loop's concurrency, within a default ulimit of the app's and ours
        http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost()).setDefaultPort(base.getPort())
                .setKeepAlive(true).setConnectTimeout(5_000).setIdleTimeout(60), new PoolOptions().setHttp1MaxSize(Math.min(entrants, 1_000)));

        // logins are bcrypt on purpose: eight at a time, so they do not time out
        List<String> tokens = new ArrayList<>();
        CountDownLatch loggedIn = new CountDownLatch(entrants);
        long[] next = { firstPhone };
        long loginStart = System.nanoTime();
        vertx.runOnContext(v -> {
            for (int lane = 0; lane < 8; lane++) {
                login(next, firstPhone + entrants, tokens, loggedIn);
            }
        });
        loggedIn.await();
        double loginSeconds = (System.nanoTime() - loginStart) / 1e9;
        System.out.printf("logged in %d of %d entrants in %.1f s (%.1f logins/s)%n", tokens.size(), entrants, loginSeconds,
                tokens.size() / loginSeconds);

        // the contest is defined once everyone has logged in: its id and start (epoch ms) come in the contest file
        while (!Files.exists(contestFile)) {
            Thread.sleep(200);
        }
        String[] c = Files.readString(contestFile).trim().split(" ");
        contest = "/api/contests/" + c[0];
        startsAt = Long.parseLong(c[1]);
        if (System.currentTimeMillis() >= startsAt) {
            System.out.println("the contest started before its entrants were ready");
            System.exit(2);
        }
        System.out.printf("contest %s starts at %s (in %d s); %d entrants start within %d s%n", c[0], Instant.ofEpochMilli(startsAt),
                (startsAt - System.currentTimeMillis()) / 1000, tokens.size(), spread);

        startsPerSecond = new int[spread + 2];
        CountDownLatch finished = new CountDownLatch(tokens.size());
        Random random = new Random();
        vertx.runOnContext(v -> {
            long now = System.currentTimeMillis();
            // each timer's delay counts from when it is set (setting 30,000 timers takes tens of milliseconds, which
            // counted once from the first made every start look that much late)
            // the lobby: in the minute before the start each entrant's phone opens the contests and the contest's
            // lobby with its countdown (not measured with the starts; printed apart)
            long lobbyFrom = Math.max(now, startsAt - lobbySeconds * 1000L);
            long lobbyTo = Math.max(lobbyFrom, startsAt - 5_000);
            for (String token : tokens) {
                long at = lobbyFrom + (long) (random.nextDouble() * (lobbyTo - lobbyFrom));
                vertx.setTimer(Math.max(1, at - System.currentTimeMillis()), id -> send("lobby", HttpMethod.GET, "/api/contests", token, null, 200, due(at))
                        .compose(list -> send("lobby", HttpMethod.GET, contest, token, null, 200, System.nanoTime()))
                        .onFailure(e -> error(e.getMessage())));
            }
            for (String token : tokens) {
                // 10 ms after the minute: the server's clock must read the window open
                long at = startsAt + 10 + (long) (random.nextDouble() * spread * 1000);
                vertx.setTimer(Math.max(1, at - System.currentTimeMillis()), id -> new Entrant(token, new Random(random.nextLong()), finished).start(at));
            }
        });
        Thread.sleep(Math.max(0, startsAt - System.currentTimeMillis()));
        System.out.println("measuring");
        long cpuBefore = processCpuNanos();
        finished.await();
        double cpuPerEntrant = (processCpuNanos() - cpuBefore) / 1e6 / Math.max(1, tokens.size());

        CountDownLatch reported = new CountDownLatch(1);
        vertx.runOnContext(v -> { // the counters belong to the event loop
            int starts = LATENCIES.containsKey("start") ? LATENCIES.get("start").size : 0;
            double sentOver = (lastSent - firstSent) / 1e3;
            System.out.printf("starts: %d sent over %.1f s = %.1f/s (aimed at %d in %d s = %.1f/s); busiest second %d starts%n", starts,
                    sentOver, starts / Math.max(sentOver, 1e-3), entrants, spread, entrants / (double) spread,
                    Arrays.stream(startsPerSecond).max().orElse(0));
            report("lobby");
            report("start");
            report("submit");
            System.out.printf("submitted: %d of %d entrants; scores mean %.1f, min %d, max %d%n", submitted, entrants,
                    submitted == 0 ? 0 : scoreSum / (double) submitted, submitted == 0 ? 0 : minScore, submitted == 0 ? 0 : maxScore);
            System.out.println("errors: " + (ERRORS.isEmpty() ? "none" : ERRORS));
            System.out.printf("load generator: timers up to %d ms late; CPU per entrant %.2f ms%n", maxLagMs, cpuPerEntrant);
            reported.countDown();
        });
        reported.await();
        vertx.close();
        System.exit(ERRORS.isEmpty() && submitted == entrants ? 0 : 1);
    }

    static int option(String[] args, String prefix, int otherwise) {
        return Arrays.stream(args).filter(a -> a.startsWith(prefix)).mapToInt(a -> Integer.parseInt(a.substring(prefix.length())))
                .findFirst().orElse(otherwise);
    }

    static void login(long[] next, long end, List<String> tokens, CountDownLatch loggedIn) {
        if (next[0] >= end) {
            return;
        }
        long phone = next[0]++;
        send("login", HttpMethod.POST, "/api/auth/login", null, "{\"phone\":\"" + phone + "\",\"password\":\"Demo@2026\"}", 200,
                System.nanoTime())
                .onSuccess(body -> tokens.add(body.getString("accessToken")))
                .onFailure(e -> error(e.getMessage()))
                .onComplete(r -> {
                    loggedIn.countDown();
                    login(next, end, tokens, loggedIn);
                });
    }

    /** One entrant: starts at its moment, thinks, answers at random, submits (all on the one event loop). */
    record Entrant(String token, Random random, CountDownLatch finished) {

        void start(long at) {
            long now = System.currentTimeMillis();
            firstSent = Math.min(firstSent, now);
            lastSent = Math.max(lastSent, now);
            startsPerSecond[(int) Math.min(startsPerSecond.length - 1, Math.max(0, (now - startsAt) / 1000))]++;
            send("start", HttpMethod.POST, contest + "/runs", token, null, 201, due(at)).compose(run -> {
                JsonArray questions = run.getJsonArray("questions");
                // as a person would: no sooner than the floor for the paper (counted from the answer, after the server's start)
                long submitAt = System.currentTimeMillis() + floorSeconds * 1000L * questions.size() + random.nextInt(thinkSeconds * 1000 + 1)
                        + 200;
                Promise<Void> done = Promise.promise();
                vertx.setTimer(Math.max(1, submitAt - System.currentTimeMillis()),
                        id -> submit(run.getLong("runId"), questions, submitAt).onComplete(done));
                return done.future();
            }).onFailure(e -> error(e instanceof IllegalStateException ? e.getMessage() : e.toString()))
                    .onComplete(r -> finished.countDown());
        }

        Future<Void> submit(long runId, JsonArray questions, long at) {
            JsonArray answers = new JsonArray();
            for (int i = 0; i < questions.size(); i++) {
                JsonObject q = questions.getJsonObject(i);
                JsonArray keys = new JsonArray();
                JsonArray options = q.getJsonArray("options", new JsonArray());
                JsonObject answer = new JsonObject().put("questionId", q.getLong("id")).put("selected", keys);
                if ("FILL_BLANK".equals(q.getString("type"))) {
                    JsonArray filled = new JsonArray();
                    for (int b = 0; b < q.getInteger("blanks", 1); b++) {
                        filled.add("答案" + random.nextInt(3));
                    }
                    answer.put("filled", filled);
                } else if ("MULTIPLE".equals(q.getString("type"))) {
                    for (int o = 0; o < options.size(); o++) {
                        if (random.nextBoolean()) {
                            keys.add(options.getJsonObject(o).getString("key"));
                        }
                    }
                    if (keys.isEmpty()) {
                        keys.add(options.getJsonObject(random.nextInt(options.size())).getString("key"));
                    }
                } else {
                    keys.add(options.getJsonObject(random.nextInt(options.size())).getString("key"));
                }
                answers.add(answer);
            }
            return send("submit", HttpMethod.POST, contest + "/runs/" + runId + "/submission", token,
                    new JsonObject().put("answers", answers).encode(), 200, due(at)).map(result -> {
                        Integer score = result.getInteger("score");
                        if (!"SUBMITTED".equals(result.getString("status")) || score == null) {
                            throw new IllegalStateException("submit answered " + result.getString("status"));
                        }
                        submitted++;
                        scoreSum += score;
                        minScore = Math.min(minScore, score);
                        maxScore = Math.max(maxScore, score);
                        return null;
                    });
        }
    }

    /** The nano time at which a request due at {@code at} (epoch ms) should have gone: lateness counts in its latency. */
    static long due(long at) {
        long lag = Math.max(0, System.currentTimeMillis() - at);
        maxLagMs = Math.max(maxLagMs, lag);
        return System.nanoTime() - lag * 1_000_000;
    }

    /** CPU time of this process (all threads), so the generator's share of the machine can be subtracted. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The answer's JSON; a status other than {@code expected}, or no answer, fails it with the request's name and why. */
    static Future<JsonObject> send(String name, HttpMethod method, String path, String token, String json, int expected, long t0) {
        RequestOptions options = new RequestOptions().setMethod(method).setURI(path).setTimeout(30_000);
        if (token != null) {
            options.putHeader("Authorization", "Bearer " + token);
        }
        if (json != null) {
            options.putHeader("Content-Type", "application/json");
        }
        return http.request(options)
                .compose(request -> json == null ? request.send() : request.send(Buffer.buffer(json)))
                .compose(response -> response.body().map(body -> {
                    record(name, System.nanoTime() - t0);
                    if (startsAt > 0 && System.currentTimeMillis() >= startsAt) { // and by the ten seconds since the start it
                        // answered in: a cold start or a backlog shows
                        long since = System.currentTimeMillis() - startsAt;
                        record(name + "@" + since / 10_000, System.nanoTime() - t0);
                        if (since < 10_000) { // and by second over the first ten
                            record(name + "#" + since / 1_000, System.nanoTime() - t0);
                        }
                    }
                    if (response.statusCode() != expected) {
                        String problem = body.length() > 0 && body.getByte(0) == '{' ? body.toJsonObject().getString("detail", "") : "";
                        throw new IllegalStateException(name + " " + response.statusCode() + (problem.isEmpty() ? "" : " " + problem));
                    }
                    // a list (the contests) comes wrapped, so that every answer is an object
                    return body.length() > 0 && body.getByte(0) == '[' ? new JsonObject().put("items", body.toJsonArray()) : body.toJsonObject();
                }))
                .recover(e -> Future.failedFuture(e instanceof IllegalStateException ? e : new IllegalStateException(name + " " + e)));
    }

    /** Latencies in a growing primitive array; only the event loop writes them. */
    static final class Latencies {
        long[] values = new long[1 << 14];
        int size;

        void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }
    }

    static void record(String name, long nanos) {
        LATENCIES.computeIfAbsent(name, k -> new Latencies()).add(nanos);
    }

    static void error(String what) {
        ERRORS.merge(what, 1, Integer::sum);
    }

    static void report(String name) {
        Latencies l = LATENCIES.get(name);
        if (l == null || l.size == 0) {
            return;
        }
        long[] sorted = Arrays.copyOf(l.values, l.size);
        Arrays.sort(sorted);
        System.out.printf("%-7s n=%-6d p50=%6.1f ms  p95=%6.1f ms  p99=%6.1f ms  max=%7.1f ms%n", name, sorted.length,
                pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted[sorted.length - 1] / 1e6);
        StringBuilder tens = new StringBuilder();
        int last = LATENCIES.keySet().stream().filter(k -> k.startsWith(name + "@")).mapToInt(k -> Integer.parseInt(k.substring(name.length() + 1)))
                .max().orElse(-1);
        if (last < 0) {
            return;
        }
        for (int i = 0; i <= last; i++) {
            Latencies t = LATENCIES.get(name + "@" + i);
            long[] part = t == null ? new long[0] : Arrays.copyOf(t.values, t.size);
            Arrays.sort(part);
            tens.append(part.length == 0 ? " -" : String.format(" %.0f", pct(part, 99)));
        }
        System.out.printf("        p99 by ten seconds from the start:%s ms%n", tens);
        StringBuilder seconds = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            Latencies t = LATENCIES.get(name + "#" + i);
            long[] part = t == null ? new long[0] : Arrays.copyOf(t.values, t.size);
            Arrays.sort(part);
            seconds.append(part.length == 0 ? " -" : String.format(" %.0f", pct(part, 99)));
        }
        System.out.printf("        p99 by second over the first ten:%s ms%n", seconds);
    }

    static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }
}
