package io.chuangguan.leaderboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.chuangguan.Plays;
import io.chuangguan.common.Periods;
import io.quarkus.test.junit.QuarkusTest;

/** The relay and the rebuild when something goes wrong that is not Redis being away. */
@QuarkusTest
class LeaderboardFaultsTest {

    @Inject
    Fixtures fixtures;

    @Inject
    LeaderboardStore store;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.management.test-port", defaultValue = "9001")
    int managementPort;

    /**
     * One worker's board update that Redis refuses every time (here: a key of the wrong type) is tried a few times,
     * then parked with a WARN and a metric; the updates queued with it reach the boards.
     */
    @Test
    void aPoisonOutboxRowIsParkedAndTheRowsBehindItAreRelayed() {
        Fixtures.Org poisoned = fixtures.org();
        Fixtures.Org healthy = fixtures.org();
        Fixtures.Account a = fixtures.worker(poisoned);
        Fixtures.Account b = fixtures.worker(healthy);
        Plays.play(fixtures, Fixtures.login(b.phone()), fixtures.bank(healthy).levelIds().get(0), 6);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> fixtures.count("select count(*) from leaderboard_outbox where account_id = ?", b.id()) == 0);
        // b's update is lost on its way (a crash after the commit): its outbox row is all that is left of it
        String bTradeBoard = LeaderboardKeys.board(Scope.TRADE, healthy.tradeId(), Periods.ALL_TIME);
        fixtures.redis("ZREM", bTradeBoard, Long.toString(b.id()));
        String poison = LeaderboardKeys.board(Scope.TEAM, poisoned.teamId(), Periods.ALL_TIME);
        fixtures.redis("SET", poison, "not a board");
        try {
            Plays.play(fixtures, Fixtures.login(a.phone()), fixtures.bank(poisoned).levelIds().get(0), 6);
            fixtures.execute("insert into leaderboard_outbox (account_id, attempt_id, week, month, created_at)"
                    + " select ?, (select max(id) from attempt where account_id = ?), week, month, created_at"
                    + " from leaderboard_outbox where account_id = ?", b.id(), b.id(), a.id());
            fixtures.execute("update leaderboard_outbox set created_at = now() - interval '1 minute' where account_id in (?, ?)",
                    a.id(), b.id());

            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertNotNull(fixtures.redis("ZSCORE", bTradeBoard, Long.toString(b.id())));
                assertEquals(0, fixtures.count("select count(*) from leaderboard_outbox where account_id = ?", b.id()));
                assertEquals(1, fixtures.count("select count(*) from leaderboard_outbox where account_id = ? and parked_at is not null"
                        + " and failures = " + LeaderboardRelay.MAX_FAILURES, a.id()));
            });
            String metrics = given().port(managementPort).get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("chuangguan_leaderboard_outbox_parked_total") && !l.endsWith(" 0.0")),
                    "the parked rows are counted");
            // and the gauge an operator alerts on shows them standing, after the relay's next round
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> metric("chuangguan_leaderboard_outbox_parked_rows ") >= 1);
        } finally {
            fixtures.redis("DEL", poison);
        }
    }

    /** A metric's value on the management port (the first line that starts with {@code prefix}); -1 when absent. */
    private double metric(String prefix) {
        String metrics = given().port(managementPort).get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }

    /** What an operator watches: batch sizes and waits per statement, the outbox's depth and age, rebuilds. */
    @Test
    void theOperatorsMetricsShowTheBatchesTheOutboxAndTheRebuilds() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Account worker = fixtures.worker(org);
        Plays.play(fixtures, Fixtures.login(worker.phone()), fixtures.bank(org).levelIds().get(0), 6);
        assertTrue(metric("chuangguan_batch_rows_count{statement=\"attempt-start\"") >= 1, "the start's batches are counted");
        assertTrue(metric("chuangguan_batch_rows_sum{statement=\"attempt-start\"") >= 1);
        assertTrue(metric("chuangguan_batch_wait_seconds_count{statement=\"attempt-start\"") >= 1);
        assertTrue(metric("chuangguan_batch_duration_seconds_count{statement=\"attempt-start\"") >= 1);
        // the cycle's requests have buckets, for a p99: the start counted under 2.5 s
        String metrics = given().port(managementPort).get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("http_server_requests_seconds_bucket{") && l.contains("uri=\"/api/levels/{levelId}/attempts\"")
                && l.contains("le=\"2.5\"") && !l.endsWith(" 0") && !l.endsWith(" 0.0")), "the start's latency has buckets");
        assertTrue(metrics.lines().noneMatch(l -> l.startsWith("http_server_requests_seconds_bucket{") && l.contains("uri=\"/api/auth/login\"")),
                "other requests have none");
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> metric("chuangguan_leaderboard_outbox_depth ") == 0
                && metric("chuangguan_leaderboard_outbox_age_seconds ") == 0);
        double before = metric("chuangguan_leaderboard_rebuilds_seconds_count ");
        given().auth().oauth2(Fixtures.login(fixtures.systemAdmin().phone())).post("/api/admin/leaderboards/rebuild").then().statusCode(200);
        assertEquals(before + 1, metric("chuangguan_leaderboard_rebuilds_seconds_count "), 0.0);
    }

    /** The rebuild lock holds its holder's token: a late release or renewal by someone else changes nothing. */
    @Test
    void theRebuildLockIsReleasedAndRenewedOnlyByItsHolder() {
        String key = LeaderboardKeys.REBUILD_LOCK + ":test";
        assertTrue(store.lock(key, "first", Duration.ofSeconds(2)).await().indefinitely());
        assertFalse(store.lock(key, "second", Duration.ofSeconds(2)).await().indefinitely());
        assertTrue(store.renew(key, "first", Duration.ofSeconds(60)).await().indefinitely());
        assertTrue(Long.parseLong(fixtures.redis("PTTL", key)) > 10_000, "renewed");
        assertFalse(store.renew(key, "second", Duration.ofSeconds(60)).await().indefinitely());
        assertFalse(store.release(key, "second").await().indefinitely());
        assertEquals("first", fixtures.redis("GET", key));
        assertTrue(store.release(key, "first").await().indefinitely());
        assertNull(fixtures.redis("GET", key));
    }

    @Test
    void aRebuildWhileAnotherHoldsTheLockIsRefusedAndLeavesTheirLock() {
        String admin = Fixtures.login(fixtures.systemAdmin().phone());
        fixtures.redis("SET", LeaderboardKeys.REBUILD_LOCK, "another-instance", "PX", "30000");
        try {
            given().auth().oauth2(admin).post("/api/admin/leaderboards/rebuild").then().statusCode(409);
            assertEquals("another-instance", fixtures.redis("GET", LeaderboardKeys.REBUILD_LOCK));
        } finally {
            fixtures.redis("DEL", LeaderboardKeys.REBUILD_LOCK);
        }
        given().auth().oauth2(admin).post("/api/admin/leaderboards/rebuild").then().statusCode(200);
        assertNull(fixtures.redis("GET", LeaderboardKeys.REBUILD_LOCK));
    }
}
