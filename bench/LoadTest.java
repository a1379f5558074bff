import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop load: each virtual worker logs in once, then repeats start → submit → read my rank on its next open
 * level until the time is up. Usage: java bench/LoadTest.java BASE_URL USERS SECONDS [FIRST_PHONE]
 * Prints throughput, latency percentiles (cycle and per request) and errors.
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

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final Map<String, ConcurrentLinkedQueue<Long>> LATENCIES = new ConcurrentHashMap<>();
    static final Map<String, AtomicLong> ERRORS = new ConcurrentHashMap<>();
    static String base;

    public static void main(String[] args) throws Exception {
        base = args[0];
        int users = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        long firstPhone = args.length > 3 ? Long.parseLong(args[3]) : 15_000_000_001L;

        List<String[]> sessions = Collections.synchronizedList(new ArrayList<>());
        Thread[] logins = new Thread[Math.min(users, 8)];
        AtomicLong next = new AtomicLong();
        for (int t = 0; t < logins.length; t++) {
            logins[t] = new Thread(() -> {
                for (long i; (i = next.getAndIncrement()) < users; ) {
                    try {
                        String body = post("login", "/api/auth/login", null,
                                "{\"phone\":\"" + (firstPhone + i) + "\",\"password\":\"Demo@2026\"}");
                        String token = find(TOKEN, body);
                        sessions.add(new String[] { token, find(TRADE, body) });
                    } catch (Exception e) {
                        error("login");
                    }
                }
            });
            logins[t].start();
        }
        for (Thread t : logins) {
            t.join();
        }
        LATENCIES.clear();
        System.out.printf("logged in %d of %d workers%n", sessions.size(), users);

        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong cycles = new AtomicLong();
        CountDownLatch done = new CountDownLatch(sessions.size());
        long started = System.nanoTime();
        for (String[] session : sessions) {
            new Thread(() -> {
                try {
                    run(session[0], session[1], deadline, cycles);
                } finally {
                    done.countDown();
                }
            }).start();
        }
        done.await();
        double elapsed = (System.nanoTime() - started) / 1e9;
        System.out.printf("cycles: %d in %.1f s = %.0f cycles/s with %d workers%n", cycles.get(), elapsed, cycles.get() / elapsed,
                sessions.size());
        for (String name : List.of("cycle", "start", "submit", "rank")) {
            report(name);
        }
        System.out.println("errors: " + (ERRORS.isEmpty() ? "none" : ERRORS));
    }

    static void run(String token, String trade, long deadline, AtomicLong cycles) {
        Random random = new Random();
        String level = null;
        while (System.nanoTime() < deadline) {
            try {
                if (level == null) {
                    String map = get("map", "/api/trades/" + trade + "/levels", token);
                    level = OPEN_LEVEL.matcher(map).find() ? find(OPEN_LEVEL, map) : find(PASSED_LEVEL, map);
                }
                long t0 = System.nanoTime();
                String paper = post("start", "/api/levels/" + level + "/attempts", token, "{\"mode\":\"CHALLENGE\"}");
                String attempt = find(ATTEMPT, paper);
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
                String result = post("submit", "/api/attempts/" + attempt + "/submission", token, answers.append("]}").toString());
                get("rank", "/api/leaderboards/TRADE/WEEK/me?around=5", token);
                record("cycle", System.nanoTime() - t0);
                cycles.incrementAndGet();
                Matcher next = NEXT.matcher(result);
                if (next.find()) {
                    level = next.group(1);
                }
            } catch (Exception e) {
                error(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
    }

    static String get(String name, String path, String token) throws Exception {
        return send(name, HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET());
    }

    static String post(String name, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(name, b);
    }

    static String send(String name, HttpRequest.Builder request) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        record(name, System.nanoTime() - t0);
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(name + " " + response.statusCode());
        }
        return response.body();
    }

    static String find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("unexpected answer: " + body.substring(0, Math.min(200, body.length())));
        }
        return m.group(1);
    }

    static void record(String name, long nanos) {
        LATENCIES.computeIfAbsent(name, k -> new ConcurrentLinkedQueue<>()).add(nanos);
    }

    static void error(String what) {
        ERRORS.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    static void report(String name) {
        List<Long> values = new ArrayList<>(LATENCIES.getOrDefault(name, new ConcurrentLinkedQueue<>()));
        if (values.isEmpty()) {
            return;
        }
        Collections.sort(values);
        System.out.printf("%-7s n=%-7d p50=%6.1f ms  p95=%6.1f ms  p99=%6.1f ms  max=%7.1f ms%n", name, values.size(),
                pct(values, 50), pct(values, 95), pct(values, 99), values.get(values.size() - 1) / 1e6);
    }

    static double pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1)) / 1e6;
    }
}
