package io.chuangguan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

/**
 * Two instances of the packaged application (target/quarkus-app, the production profile) on one PostgreSQL and one
 * Redis, as a province runs it behind a load balancer: limits counted on one instance hold on the other. The local
 * servers are used when they answer, embedded ones otherwise.
 */
class TwoInstancesIT {

    private static final String DATABASE = "chuangguan_it";
    private static final int REDIS_DATABASE = 5;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static EmbeddedPostgres embeddedPostgres;
    private static RedisServer embeddedRedis;
    private static Path work;
    private static final List<Process> instances = new ArrayList<>();
    private static final List<String> urls = new ArrayList<>();

    @BeforeAll
    static void startTwoInstances() throws Exception {
        work = Files.createTempDirectory("cg-two-instances");
        // where the tests' servers are said to be (CI points these at ports where nothing answers to test without them)
        int pgPort = port(System.getenv("QUARKUS_DATASOURCE_JDBC_URL"), 5432);
        int redisPort = port(System.getenv("QUARKUS_REDIS_HOSTS"), 6379);
        if (!answers(pgPort)) {
            embeddedPostgres = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true).start();
            pgPort = embeddedPostgres.getPort();
        }
        if (!answers(redisPort)) {
            redisPort = freePort();
            embeddedRedis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").setting("save \"\"").build();
            embeddedRedis.start();
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DATABASE + " with (force)");
            s.execute("create database " + DATABASE);
        }
        try (Socket redis = new Socket("127.0.0.1", redisPort)) {
            redis.getOutputStream().write(("SELECT " + REDIS_DATABASE + "\r\nFLUSHDB\r\n").getBytes(StandardCharsets.US_ASCII));
            redis.getInputStream().read(new byte[64]);
        }

        KeyPair pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path sign = pem(work.resolve("sign.pem"), "PRIVATE KEY", pair.getPrivate().getEncoded());
        Path verify = pem(work.resolve("verify.pem"), "PUBLIC KEY", pair.getPublic().getEncoded());
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + pgPort + "/" + DATABASE);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + DATABASE);
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "");
        env.put("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:" + redisPort + "/" + REDIS_DATABASE);
        env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", sign.toString());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", verify.toString());
        env.put("APP_PUBLIC_URL", "https://cg.example.org");
        // behind the load balancer: the client's address comes forwarded
        env.put("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true");
        env.put("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true");
        env.put("APP_LIMITS_ATTEMPT_STARTS_MAX", "5");
        env.put("APP_LIMITS_LOGIN_FAILURES_PER_ADDRESS_MAX", "6");
        // the first loads the demo province; the second starts on what the first migrated and loaded
        start(env, Map.of("APP_DEMO_ENABLED", "true"));
        start(env, Map.of());
    }

    private static void start(Map<String, String> env, Map<String, String> extra) throws Exception {
        int port = freePort();
        Path log = work.resolve("instance-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.io.tmpdir=" + work, "-jar", new File("target/quarkus-app/quarkus-run.jar").getAbsolutePath())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().putAll(extra);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(freePort()));
        Process process = builder.start();
        instances.add(process);
        String url = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The instance on " + port + " stopped:\n" + Files.readString(log));
            }
            try {
                if (get(url + "/q/health/ready").statusCode() == 200) {
                    urls.add(url);
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("The instance on " + port + " was not ready in 2 minutes:\n" + Files.readString(log));
    }

    @AfterAll
    static void stopThem() throws Exception {
        for (Process p : instances) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (embeddedRedis != null) {
            embeddedRedis.stop();
        }
        if (embeddedPostgres != null) {
            embeddedPostgres.close();
        }
    }

    @Test
    void attemptStartsAreCountedAcrossInstances() throws Exception {
        String token = field(post(urls.get(0) + "/api/auth/login", null, "{\"phone\":\"13900000001\",\"password\":\"Demo@2026\"}", null),
                "accessToken");
        String me = get(urls.get(1) + "/api/me", token).body();
        String trade = me.replaceAll("(?s).*\"trade\":\\{\"id\":(\\d+).*", "$1");
        String levels = get(urls.get(0) + "/api/trades/" + trade + "/levels", token).body();
        String level = levels.replaceAll("(?s)^\\[\\{\"id\":(\\d+).*", "$1");

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // alternate instances, as a load balancer would
            statuses.add(post(urls.get(i % 2) + "/api/levels/" + level + "/attempts", token, "{\"mode\":\"PRACTICE\"}", null).statusCode());
        }
        assertEquals(List.of(201, 201, 201, 201, 201, 429), statuses, "the limit of 5 starts holds across both instances");
        HttpResponse<String> refused = post(urls.get(0) + "/api/levels/" + level + "/attempts", token, "{\"mode\":\"PRACTICE\"}", null);
        assertEquals(429, refused.statusCode());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    @Test
    void failedLoginsFromOneAddressAreCountedAcrossInstances() throws Exception {
        String attacker = "198.51.100.77";
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            statuses.add(post(urls.get(i % 2) + "/api/auth/login", null,
                    "{\"phone\":\"1390000000" + (i % 5 + 1) + "\",\"password\":\"Guess-" + i + "\"}", attacker).statusCode());
        }
        assertEquals(List.of(401, 401, 401, 401, 401, 401, 429), statuses);
        // the real worker, from their own network, is not locked out by it
        assertEquals(200, post(urls.get(1) + "/api/auth/login", null, "{\"phone\":\"13900000001\",\"password\":\"Demo@2026\"}",
                "203.0.113.10").statusCode());
    }

    @Test
    void aLogoutOnOneInstanceEndsTheAccessTokenOnTheOther() throws Exception {
        HttpResponse<String> login = post(urls.get(0) + "/api/auth/login", null,
                "{\"phone\":\"13900000002\",\"password\":\"Demo@2026\"}", "203.0.113.11");
        String access = field(login, "accessToken");
        String refresh = field(login, "refreshToken");
        assertEquals(200, get(urls.get(1) + "/api/me", access).statusCode());

        assertEquals(204, post(urls.get(0) + "/api/auth/logout", null, "{\"refreshToken\":\"" + refresh + "\"}", null).statusCode());

        // the other instance reads the shared deny-list every 2 seconds
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int status = 200;
        while (status == 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = get(urls.get(1) + "/api/me", access).statusCode();
        }
        assertEquals(401, status);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return get(url, null);
    }

    private static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String token, String json, String forwardedFor)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(HttpResponse<String> response, String name) {
        assertEquals(200, response.statusCode(), response.body());
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(response.body());
        assertTrue(m.find(), response.body());
        return m.group(1);
    }

    private static Path pem(Path file, String type, byte[] der) throws IOException {
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + type + "-----\n");
    }

    private static int port(String url, int fallback) {
        if (url == null) {
            return fallback;
        }
        Matcher m = Pattern.compile("//[^/:]+:(\\d+)").matcher(url);
        return m.find() ? Integer.parseInt(m.group(1)) : fallback;
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
