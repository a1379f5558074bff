package io.chuangguan.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.chuangguan.Fixtures;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Tracing switched on by configuration alone (it is off by default): a login that arrives with a W3C traceparent is
 * exported over OTLP to a collector (here a loopback HTTP server that keeps what it is sent), under the caller's trace
 * id, with the spans of its PostgreSQL and Redis calls.
 */
@QuarkusTest
@TestProfile(TracingTest.On.class)
class TracingTest {

    /** What the collector received: the bodies of the exporter's requests (OTLP protobuf). */
    static final List<byte[]> EXPORTED = new CopyOnWriteArrayList<>();

    public static class On implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Collector.class));
        }
    }

    public static class Collector implements QuarkusTestResourceLifecycleManager {
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", exchange -> {
                EXPORTED.add(exchange.getRequestBody().readAllBytes());
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                    "quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + server.getAddress().getPort(),
                    "quarkus.otel.bsp.schedule.delay", "PT0.1S");
        }

        @Override
        public void stop() {
            server.stop(0);
        }
    }

    @Inject
    Fixtures fixtures;

    @Test
    void aLoginIsTracedWithItsDatabaseAndRedisCallsUnderTheCallersTraceId() {
        Fixtures.Org org = fixtures.org();
        String phone = fixtures.worker(org).phone();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        given().contentType(ContentType.JSON).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .body("{\"phone\":\"" + phone + "\",\"password\":\"" + Fixtures.PASSWORD + "\"}")
                .post("/api/auth/login").then().statusCode(200);

        byte[] id = HexFormat.of().parseHex(traceId);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String exported = exported();
            assertTrue(exported.contains(new String(id, StandardCharsets.ISO_8859_1)), "a span of the caller's trace was exported");
            assertTrue(exported.contains("/api/auth/login"), "the request's span");
            assertTrue(exported.contains("db.statement") && exported.contains("postgres"), "a PostgreSQL call's span");
            assertTrue(exported.contains("redis"), "a Redis call's span");
        });
    }

    private static String exported() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] body : EXPORTED) {
            all.write(body);
        }
        // protobuf carries strings as UTF-8 and ids as raw bytes: one byte per char keeps both findable
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}
