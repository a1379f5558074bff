import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Closed-loop load: each virtual worker logs in once, then repeats start → submit on its next open level until the
 * time is up; the submission's answer carries the worker's new ranks (trade, enterprise, province; week and all time).
 * With {@code --rank} each cycle also reads the worker's place on the trade board ({@code /me?around=5}).
 * <p>
 * One Vert.x event loop drives every worker, so the generator takes little of the CPU it measures; run it with the
 * application's libraries on the class path:
 * {@code java -cp 'target/quarkus-app/lib/main/*' bench/LoadTest.java BASE_URL USERS SECONDS [FIRST_PHONE] [--rank] [--warmup=S]}
 * With {@code --warmup=S} the workers first run for S seconds unmeasured (both JVMs compile their hot code), then the
 * measured SECONDS follow without a pause. Prints "measuring" when the measured part starts, then throughput, latency
 * percentiles (cycle and per request) and errors.
 */
public class LoadTest {

    static final Pattern TOKEN = Pattern.compile("\"accessToken\":\"([^\"]+)\"");
    static final Pattern TRADE = Pattern.compile("\"trade\":\\{\"id\":(\\d+)");
    static final Pattern OPEN_LEVEL = Pattern.compile("\\{\"id\":(\\d+),\"order\":\\d+,\"name\":\"[^\"]*\",\"grade\":\\d,\"exam\":(?:true|false),\"status\":\"OPEN\"");
    /** A worker who has cleared everything open to them replays a passed level (a better run still counts). */
    static final Pattern PASSED_LEVEL = Pattern.compile("\\{\"id\":(\\d+),\"order\":\\d+,\"name\":\"[^\"]*\",\"grade\":\\d,\"exam\":(?:true|false),\"status\":\"PASSED\"");
    static final Pattern ATTEMPT = Pattern.compile("\"attemptId\":(\\d+)");
    static final Pattern QUESTION = Pattern.compile("\\{\"id\":(\\d+),\"type\":\"(SINGLE|MULTIPLE|TRUE_FALSE)\"");
    static final Pattern NEXT = Pattern.compile("\"nextLevelUnlocked\":true,\"nextLevelId\":(\\d+)");
    static final Pattern RANKS = Pattern.compile("\"ranks\":\\{");

    static final Map<String, Latencies> LATENCIES = new HashMap<>();
    static final Map<String, Integer> ERRORS = new TreeMap<>();
    static HttpClient http;
    static boolean readRank;
    static long deadline;
    static long cycles;

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>(Arrays.stream(args).filter(a -> !a.startsWith("--")).toList());
        readRank = Arrays.asList(args).contains("--rank");
        int warmup = Arrays.stream(args).filter(a -> a.startsWith("--warmup=")).mapToInt(a -> Integer.parseInt(a.substring(9)))
                .findFirst().orElse(0);
        java.net.URI base = java.net.URI.create(positional.get(0));
        int users = Integer.parseInt(positional.get(1));
        int seconds = Integer.parseInt(positional.get(2));
        long firstPhone = positional.size() > 3 ? Long.parseLong(positional.get(3)) : 15_000_000_001L;

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost()).setDefaultPort(base.getPort())
                .setKeepAlive(true).setConnectTimeout(5_000).setIdleTimeout(60), new PoolOptions().setHttp1MaxSize(users));

        List<String[]> sessions = new ArrayList<>();
        CountDownLatch loggedIn = new CountDownLatch(users);
        // logins are bcrypt on purpose: eight at a time, so they do not time out
        List<Long> phones = new ArrayList<>();
        for (long i = 0; i < users; i++) {
            phones.add(firstPhone + i);
        }
        vertx.runOnContext(v -> {
            for (int lane = 0; lane < 8; lane++) {
                login(phones, sessions, loggedIn);
            }
        });
        loggedIn.await();
        System.out.printf("logged in %d of %d workers%n", sessions.size(), users);

        CountDownLatch done = new CountDownLatch(sessions.size());
        long[] started = { System.nanoTime() };
        deadline = started[0] + (warmup + seconds) * 1_000_000_000L;
        vertx.runOnContext(v -> {
            LATENCIES.clear();
            for (String[] session : sessions) {
                new Worker(session[0], session[1], done).next();
            }
        });
        if (warmup > 0) {
            Thread.sleep(warmup * 1000L);
            CountDownLatch reset = new CountDownLatch(1);
            vertx.runOnContext(v -> {
                LATENCIES.clear();
                ERRORS.clear();
                cycles = 0;
                started[0] = System.nanoTime();
                reset.countDown();
            });
            reset.await();
        }
        System.out.println("measuring");
        long cpuBefore = processCpuNanos();
        done.await();
        double elapsed = (System.nanoTime() - started[0]) / 1e9;
        double cpuMillisPerCycle = (processCpuNanos() - cpuBefore) / 1e6 / Math.max(1, cycles);
        System.out.printf("cycles: %d in %.1f s = %.0f cycles/s with %d workers%n", cycles, elapsed, cycles / elapsed,
                sessions.size());
        for (String name : List.of("cycle", "start", "submit", "rank")) {
            report(name);
        }
        System.out.println("errors: " + (ERRORS.isEmpty() ? "none" : ERRORS));
        System.out.printf("load generator CPU per cycle: %.2f ms%n", cpuMillisPerCycle);
        vertx.close();
    }

    static void login(List<Long> phones, List<String[]> sessions, CountDownLatch loggedIn) {
        if (phones.isEmpty()) {
            return;
        }
        long phone = phones.remove(phones.size() - 1);
        send("login", HttpMethod.POST, "/api/auth/login", null, "{\"phone\":\"" + phone + "\",\"password\":\"Demo@2026\"}")
                .onSuccess(body -> sessions.add(new String[] { find(TOKEN, body), find(TRADE, body) }))
                .onComplete(r -> {
                    loggedIn.countDown();
                    login(phones, sessions, loggedIn);
                });
    }

    /** One virtual worker: its token, its level, and the loop of cycles (all on the one event loop). */
    static final class Worker {
        final String token;
        final String trade;
        final CountDownLatch done;
        final Random random = new Random();
        String level;
        long cycleStart;

        Worker(String token, String trade, CountDownLatch done) {
            this.token = token;
            this.trade = trade;
            this.done = done;
        }

        void next() {
            if (System.nanoTime() >= deadline) {
                done.countDown();
                return;
            }
            Future<String> levelKnown = level != null ? Future.succeededFuture(level)
                    : send("map", HttpMethod.GET, "/api/trades/" + trade + "/levels", token, null)
                            .map(map -> OPEN_LEVEL.matcher(map).find() ? find(OPEN_LEVEL, map) : find(PASSED_LEVEL, map));
            levelKnown.compose(id -> {
                level = id;
                cycleStart = System.nanoTime();
                return send("start", HttpMethod.POST, "/api/levels/" + id + "/attempts", token, "{\"mode\":\"CHALLENGE\"}");
            }).compose(paper -> send("submit", HttpMethod.POST, "/api/attempts/" + find(ATTEMPT, paper) + "/submission", token,
                    answers(paper)))
                    .compose(result -> {
                        if (!RANKS.matcher(result).find()) {
                            throw new IllegalStateException("no ranks in the submission's answer");
                        }
                        Matcher next = NEXT.matcher(result);
                        if (next.find()) {
                            level = next.group(1);
                        }
                        return readRank ? send("rank", HttpMethod.GET, "/api/leaderboards/TRADE/WEEK/me?around=5", token, null)
                                : Future.succeededFuture(result);
                    })
                    .onSuccess(r -> {
                        record("cycle", System.nanoTime() - cycleStart);
                        cycles++;
                    })
                    .onFailure(e -> error(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()))
                    .onComplete(r -> next());
        }

        /** Random answers: most runs fail, some improve the worker's best (points), some pass (the next level). */
        String answers(String paper) {
            StringBuilder answers = new StringBuilder("{\"answers\":[");
            Matcher q = QUESTION.matcher(paper);
            boolean first = true;
            while (q.find()) {
                String key = q.group(2).equals("TRUE_FALSE") ? (random.nextBoolean() ? "A" : "B")
                        : q.group(2).equals("MULTIPLE") ? "A\",\"B" : String.valueOf("ABCD".charAt(random.nextInt(4)));
                answers.append(first ? "" : ",").append("{\"questionId\":").append(q.group(1)).append(",\"selected\":[\"")
                        .append(key).append("\"]}");
                first = false;
            }
            return answers.append("]}").toString();
        }
    }

    /** CPU time of this process (all threads), so the generator's share of the machine can be subtracted. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static Future<String> send(String name, HttpMethod method, String path, String token, String json) {
        long t0 = System.nanoTime();
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
                    if (response.statusCode() >= 300) {
                        throw new IllegalStateException(name + " " + response.statusCode());
                    }
                    return body.toString();
                }));
    }

    static String find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("unexpected answer: " + body.substring(0, Math.min(200, body.length())));
        }
        return m.group(1);
    }

    /** Latencies in a growing primitive array; only the event loop writes them. */
    static final class Latencies {
        long[] values = new long[1 << 16];
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
        System.out.printf("%-7s n=%-7d p50=%6.1f ms  p95=%6.1f ms  p99=%6.1f ms  max=%7.1f ms%n", name, sorted.length,
                pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted[sorted.length - 1] / 1e6);
    }

    static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }
}
