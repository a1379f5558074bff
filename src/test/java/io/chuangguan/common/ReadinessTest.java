package io.chuangguan.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Readiness follows Redis: this test runs against a Redis of its own so it can stop and restart it. */
@QuarkusTest
@TestProfile(OwnRedis.Profile.class)
class ReadinessTest {

    @Test
    void readyGoesDownWithRedisAndUpWhenItIsBack() {
        int port = OwnRedis.port();
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

        OwnRedis.stop(port);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                    .statusCode(503).body("status", equalTo("DOWN"))
                    .body("checks.findAll { it.status == 'DOWN' }.name", hasItem("Redis connection health check")));
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            OwnRedis.start(port);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body("status", equalTo("UP")));
    }
}
