package io.chuangguan.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.chuangguan.demo.DemoDataLoader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A newcomer's laptop: nothing listens at the configured addresses. The application starts an embedded
 * PostgreSQL and Redis, migrates, loads the demo data and lets the demo worker log in.
 */
@QuarkusTest
@TestProfile(EmbeddedFallbackTest.NothingListening.class)
class EmbeddedFallbackTest {

    public static class NothingListening implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:1/chuangguan",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/chuangguan",
                    "quarkus.redis.hosts", "redis://127.0.0.1:2",
                    "app.demo.enabled", "true");
        }
    }

    @Test
    void embeddedServicesStartAndTheDemoWorkerLogsIn() {
        String reactiveUrl = ConfigProvider.getConfig().getValue("quarkus.datasource.reactive.url", String.class);
        String redis = ConfigProvider.getConfig().getValue("quarkus.redis.hosts", String.class);
        assertFalse(reactiveUrl.contains(":1/"), reactiveUrl);
        assertFalse(redis.endsWith(":2"), redis);

        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().contentType(ContentType.JSON)
                .body(Map.of("phone", DemoDataLoader.DEMO_WORKER, "password", DemoDataLoader.DEMO_PASSWORD))
                .post("/api/auth/login").then().statusCode(200).body("user.trade.code", equalTo("STEELMAKER"));
        // a database that holds one province: its board is everyone's default PROVINCE board
        String admin = given().contentType(ContentType.JSON)
                .body(Map.of("phone", DemoDataLoader.DEMO_SYSTEM_ADMIN, "password", DemoDataLoader.DEMO_PASSWORD))
                .post("/api/auth/login").then().statusCode(200).extract().path("accessToken");
        given().auth().oauth2(admin).get("/api/leaderboards/PROVINCE/ALL_TIME").then().statusCode(200)
                .body("scope", equalTo("PROVINCE")).body("size", greaterThan(0));
        // the demo's industries with their trades, whatever else the database holds
        given().get("/api/industries").then().statusCode(200)
                .body("code", hasItems("STEEL", "GOLD", "NONFERROUS"))
                .body("find { it.code == 'STEEL' }.trades.code", hasItems("STEELMAKER", "STEEL_ROLLER", "IRONMAKER"));
    }
}
