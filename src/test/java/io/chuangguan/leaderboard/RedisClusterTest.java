package io.chuangguan.leaderboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.chuangguan.Plays;
import io.chuangguan.common.OwnRedisCluster;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The same code against a Redis Cluster of three masters with a replica each: a submission writes and ranks a worker's
 * boards, which hash to slots on different masters, in one round of per-slot pipelines; a rebuild renames each board's
 * copy over it within its slot and finds stale boards on every master; a master that dies during submissions loses no
 * score once its replica has taken over: the relay writes what failed, and a rebuild restores what the replica missed.
 */
@QuarkusTest
@TestProfile(OwnRedisCluster.Profile.class)
class RedisClusterTest {

    @Inject
    Fixtures fixtures;

    @Inject
    LeaderboardRebuilder rebuilder;

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void boardsWhole() {
        LeaderboardResourceTest.awaitBoardsWhole(redis);
    }

    @Test
    void aWorkersBoardsOnSeveralMastersAreWrittenRankedAndRebuilt() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        List<Fixtures.Account> workers = List.of(fixtures.worker(org), fixtures.worker(org), fixtures.worker(org));
        // the seven boards of one worker, all time: they live on more than one master, or this test proves nothing
        Set<Integer> masters = List.of(Scope.PROVINCE, Scope.INDUSTRY, Scope.TRADE, Scope.CITY, Scope.COUNTY, Scope.ENTERPRISE, Scope.TEAM)
                .stream().map(scope -> OwnRedisCluster.masterOf(LeaderboardKeys.board(scope, unit(org, scope), "ALL")))
                .collect(Collectors.toSet());
        assertTrue(masters.size() > 1, "the boards span masters: " + masters);

        int[] correct = { 6, 8, 7 };
        JsonPath last = null;
        for (int i = 0; i < workers.size(); i++) {
            last = Plays.play(fixtures, Fixtures.login(workers.get(i).phone()), bank.levelIds().get(0), correct[i]);
        }
        // the third worker's ranks, read in the pipeline that wrote their boards: second on every board of theirs
        assertEquals("OK", last.getString("ranks.status"));
        assertEquals(2, last.getInt("ranks.trade.allTime"));
        String token = Fixtures.login(workers.get(0).phone());
        List<Integer> expected = List.of((int) workers.get(1).id(), (int) workers.get(2).id(), (int) workers.get(0).id());
        for (String scope : List.of("TRADE", "ENTERPRISE", "CITY")) {
            long unit = unit(org, Scope.valueOf(scope));
            given().auth().oauth2(token).queryParam("scopeId", unit).get("/api/leaderboards/" + scope + "/ALL_TIME").then().statusCode(200)
                    .body("entries.workerId", equalTo(expected)).body("entries.points", equalTo(List.of(100, 88, 75)));
        }

        // a board nobody plays on any more, on a master of its own slot: the rebuild finds it there and drops it
        String stale = LeaderboardKeys.board(Scope.ENTERPRISE, -org.enterpriseId(), "ALL");
        int staleMaster = OwnRedisCluster.masterOf(stale);
        OwnRedisCluster.command(staleMaster, "ZADD", stale, "1", "42");
        OwnRedisCluster.command(OwnRedisCluster.masterOf(LeaderboardKeys.board(Scope.TRADE, org.tradeId(), "ALL")), "ZREM",
                LeaderboardKeys.board(Scope.TRADE, org.tradeId(), "ALL"), Long.toString(workers.get(1).id()));
        String admin = Fixtures.login(fixtures.systemAdmin().phone());
        given().auth().oauth2(admin).post("/api/admin/leaderboards/rebuild").then().statusCode(200);

        assertEquals(0L, OwnRedisCluster.command(staleMaster, "EXISTS", stale));
        given().auth().oauth2(token).queryParam("scopeId", org.tradeId()).get("/api/leaderboards/TRADE/ALL_TIME").then().statusCode(200)
                .body("entries.workerId", equalTo(expected)).body("entries.points", equalTo(List.of(100, 88, 75)));
    }

    @Test
    void aMasterKilledDuringSubmissionsLosesNoScore() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        Fixtures.Account early = fixtures.worker(org);
        Fixtures.Account worker = fixtures.worker(org);
        Plays.play(fixtures, Fixtures.login(early.phone()), bank.levelIds().get(0), 6);
        String board = LeaderboardKeys.board(Scope.TRADE, org.tradeId(), "ALL");
        int master = OwnRedisCluster.masterOf(board);

        String token = Fixtures.login(worker.phone());
        // the master's last write that its replica never got (replication is asynchronous): here the early worker's
        // entry is gone from both, and only a rebuild from PostgreSQL after the failover can bring it back
        OwnRedisCluster.command(master, "ZREM", board, Long.toString(early.id()));
        OwnRedisCluster.command(master, "WAIT", "1", "2000");
        rebuilder.watch().await().atMost(Duration.ofSeconds(10)); // the watch has seen the masters as they are now
        OwnRedisCluster.kill(master);
        // submitted while the slot has no master: saved in PostgreSQL, the boards written later
        JsonPath result = Plays.play(fixtures, token, bank.levelIds().get(0), 8);
        assertEquals(100, result.getInt("score"));
        assertEquals(100, fixtures.count("select points from point_total where account_id = ? and period = 'ALL'", worker.id()));

        // the replica takes the slot over once the others have seen its master fail (the node timeout, a second here)
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> OwnRedisCluster.masterOf(board) != master && OwnRedisCluster.healthy());
        // the relay writes the worker's score; the watch sees the new master and rebuilds the boards from PostgreSQL
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertEquals(0, fixtures.count("select count(*) from leaderboard_outbox where account_id = ?", worker.id()));
            given().auth().oauth2(token).queryParam("scopeId", org.tradeId()).get("/api/leaderboards/TRADE/ALL_TIME").then()
                    .statusCode(200).body("entries.workerId", equalTo(List.of((int) worker.id(), (int) early.id())))
                    .body("entries.points", equalTo(List.of(100, 75)));
        });
        assertFalse(OwnRedisCluster.alive(master));
    }

    private static long unit(Fixtures.Org org, Scope scope) {
        return switch (scope) {
            case PROVINCE -> org.provinceId();
            case INDUSTRY -> org.industryId();
            case TRADE -> org.tradeId();
            case CITY -> org.cityId();
            case COUNTY -> org.countyId();
            case ENTERPRISE -> org.enterpriseId();
            case TEAM -> org.teamId();
        };
    }
}
