package io.chuangguan.leaderboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.chuangguan.Plays;
import io.chuangguan.common.OwnRedis;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Redis goes away in the middle of the day: submissions still count, and the boards catch up when it is back. */
@QuarkusTest
@TestProfile(OwnRedis.Profile.class)
class LeaderboardOutageTest {

    @Inject
    Fixtures fixtures;

    @Test
    void aSubmissionWhileRedisIsDownIsSavedAndReachesTheBoardsLater() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        Fixtures.Account early = fixtures.worker(org);
        Fixtures.Account worker = fixtures.worker(org);
        Plays.play(fixtures, Fixtures.login(early.phone()), bank.levelIds().get(0), 6);
        String token = Fixtures.login(worker.phone());
        int port = OwnRedis.port();

        OwnRedis.stop(port);
        JsonPath result;
        try {
            result = Plays.play(fixtures, token, bank.levelIds().get(0), 8);
        } finally {
            OwnRedis.start(port);
        }

        assertEquals(100, result.getInt("score"));
        assertEquals("PENDING", result.getString("ranks.status"));
        assertEquals(100, fixtures.count("select points from point_total where account_id = ? and period = 'ALL'", worker.id()));
        Awaitility.await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            assertEquals(0, fixtures.count("select count(*) from leaderboard_outbox where account_id = ?", worker.id()));
            given().auth().oauth2(token).queryParam("scopeId", org.tradeId()).get("/api/leaderboards/TRADE/ALL_TIME").then()
                    .statusCode(200).body("entries.workerId", equalTo(List.of((int) worker.id(), (int) early.id())))
                    .body("entries.points", equalTo(List.of(100, 75)));
        });
    }
}
