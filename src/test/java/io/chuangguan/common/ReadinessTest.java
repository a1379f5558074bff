package io.chuangguan.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import redis.embedded.RedisServer;

/** Readiness follows Redis: this test runs against a Redis of its own so it can stop and restart it. */
@QuarkusTest
@TestProfile(ReadinessTest.OwnRedis.class)
class ReadinessTest {

    public static class OwnRedis implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnRedisResource.class));
        }
    }

    public static class OwnRedisResource implements QuarkusTestResourceLifecycleManager {
        private RedisServer server;

        @Override
        public Map<String, String> start() {
            int port = freePort();
            server = startRedis(port);
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
        }

        @Override
        public void stop() {
            try {
                server.stop();
            } catch (IOException ignored) {
                // stopped by the test already
            }
        }
    }

    private static RedisServer restarted;

    static RedisServer startRedis(int port) {
        try {
            RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").build();
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopRestarted() throws IOException {
        if (restarted != null) {
            restarted.stop();
        }
    }

    @Test
    void readyGoesDownWithRedisAndUpWhenItIsBack() throws IOException {
        String hosts = ConfigProvider.getConfig().getValue("quarkus.redis.hosts", String.class);
        int port = Integer.parseInt(hosts.substring(hosts.lastIndexOf(':') + 1));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);

        try (Socket socket = new Socket("127.0.0.1", port); OutputStream out = socket.getOutputStream()) {
            out.write("SHUTDOWN NOSAVE\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.getInputStream().read();
        }

        Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.findAll { it.status == 'DOWN' }.name", hasItem("Redis connection health check")));
        given().get("/q/health/live").then().statusCode(200);

        restarted = startRedis(port);
        Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body("status", equalTo("UP")));
    }
}
