package io.chuangguan.leaderboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void aBoardReadWhileRedisIsDownIsA503WithRetryAfter() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        Fixtures.Account worker = fixtures.worker(org);
        String token = Fixtures.login(worker.phone());
        Plays.play(fixtures, token, bank.levelIds().get(0), 8);
        int port = OwnRedis.port();

        OwnRedis.stop(port);
        try {
            for (String path : List.of("/api/leaderboards/TRADE/ALL_TIME", "/api/leaderboards/TRADE/WEEK/me")) {
                given().auth().oauth2(token).get(path).then().statusCode(503).contentType("application/problem+json")
                        .header("Retry-After", "5")
                        .body("type", equalTo("https://chuangguan.io/problems/boards-unavailable"));
            }
        } finally {
            OwnRedis.start(port);
        }
    }

    /**
     * Redis comes back empty (a restart without persistence): before the rebuild it would hold only what was written
     * since, and the first worker to play would lead the province. A reader never sees that: the read waits for the
     * rebuild, and gets every worker.
     */
    @Test
    void afterARestartWithoutDataReadersSeeWholeBoardsNeverPartialOnes() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        List<Fixtures.Account> workers = List.of(fixtures.worker(org), fixtures.worker(org), fixtures.worker(org));
        for (int i = 0; i < workers.size(); i++) {
            Plays.play(fixtures, Fixtures.login(workers.get(i).phone()), bank.levelIds().get(0), 6 + i);
        }
        Fixtures.Account probe = fixtures.worker(org);
        String token = Fixtures.login(probe.phone());
        int port = OwnRedis.port();

        OwnRedis.stop(port);
        OwnRedis.start(port);
        // the first submission after the restart writes into the empty Redis: its ranks are never counted from it
        // (pending until the rebuild; it was 1st of a board holding only itself before); it ties the first worker, who
        // reached the points earlier
        JsonPath played = Plays.play(fixtures, token, bank.levelIds().get(0), 6);
        if (!played.getString("ranks.status").equals("PENDING")) {
            assertTrue(played.getInt("ranks.trade.allTime") >= 3, "ranked among the whole board");
        }

        JsonPath board = given().auth().oauth2(token).queryParam("scopeId", org.tradeId()).get("/api/leaderboards/TRADE/ALL_TIME")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(4, board.getInt("size"));
        List<Integer> order = board.getList("entries.workerId");
        assertEquals(java.util.Set.of((int) workers.get(2).id(), (int) workers.get(1).id(), (int) workers.get(0).id(), (int) probe.id()),
                java.util.Set.copyOf(order));
        // the two with most points lead; the probe ties the first worker (to the second, then by account)
        assertEquals(List.of((int) workers.get(2).id(), (int) workers.get(1).id()), order.subList(0, 2));
    }
}
