package io.chuangguan.leaderboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.chuangguan.Plays;
import io.chuangguan.TestClock;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class LeaderboardResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Fixtures fixtures;
    @Inject
    RedisDataSource redis;
    @Inject
    LeaderboardRebuilder rebuilder;

    @BeforeEach
    void boardsWhole() {
        awaitBoardsWhole(redis);
    }

    /**
     * A Redis new to the run (the cluster's nodes start empty) has no boards until the watchdog's first rebuild, and a
     * reader meanwhile gets the designed 503 after a 3 s wait: the leaderboard tests start once the boards are whole.
     */
    static void awaitBoardsWhole(RedisDataSource redis) {
        Awaitility.await().atMost(Duration.ofSeconds(90))
                .until(() -> redis.execute("EXISTS", LeaderboardKeys.MARKER).toLong() == 1L);
    }

    @AfterEach
    void releaseClock() {
        TestClock.release();
    }

    private static Map<Scope, Long> units(Fixtures.Org org) {
        Map<Scope, Long> units = new LinkedHashMap<>();
        units.put(Scope.PROVINCE, org.provinceId());
        units.put(Scope.INDUSTRY, org.industryId());
        units.put(Scope.TRADE, org.tradeId());
        units.put(Scope.CITY, org.cityId());
        units.put(Scope.COUNTY, org.countyId());
        units.put(Scope.ENTERPRISE, org.enterpriseId());
        units.put(Scope.TEAM, org.teamId());
        return units;
    }

    private static JsonPath board(String token, Scope scope, Period period, long unit) {
        return given().auth().oauth2(token).queryParam("scopeId", unit).get("/api/leaderboards/" + scope + "/" + period)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Every board of the org's units in the current periods, as Redis holds them: [member, score] in rank order. */
    private Map<String, List<String>> snapshot(Fixtures.Org org) {
        Map<String, List<String>> boards = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (Map.Entry<Scope, Long> unit : units(org).entrySet()) {
            for (Period period : Period.values()) {
                String key = LeaderboardKeys.board(unit.getKey(), unit.getValue(), PeriodClock.label(period, now,
                        java.time.ZoneId.of("Asia/Shanghai")));
                List<String> members = new ArrayList<>();
                // RESP3 answers [member, score] pairs
                redis.execute("ZREVRANGE", key, "0", "-1", "WITHSCORES").forEach(r -> members.add(r.toString()));
                boards.put(key, members);
            }
        }
        return boards;
    }

    @Test
    void everyBoardOrdersByPointsThenByWhoGotThereFirst() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        Fixtures.Account a = fixtures.worker(org);
        Fixtures.Account b = fixtures.worker(org);
        Fixtures.Account c = fixtures.worker(org);
        String ta = Fixtures.login(a.phone());
        String tb = Fixtures.login(b.phone());
        String tc = Fixtures.login(c.phone());
        Instant t = Instant.now().minusSeconds(120);

        TestClock.pin(t);
        Plays.play(fixtures, ta, bank.levelIds().get(0), 8);
        TestClock.pin(t.plusSeconds(10));
        JsonPath second = Plays.play(fixtures, tb, bank.levelIds().get(0), 8);
        TestClock.pin(t.plusSeconds(20));
        Plays.play(fixtures, tc, bank.levelIds().get(0), 4);

        assertEquals("OK", second.getString("ranks.status"));
        assertEquals(2, second.getInt("ranks.trade.allTime"));
        assertEquals(2, second.getInt("ranks.trade.week"));
        assertEquals(2, second.getInt("ranks.enterprise.allTime"));
        assertEquals(2, second.getInt("ranks.province.week"));
        for (Map.Entry<Scope, Long> unit : units(org).entrySet()) {
            for (Period period : Period.values()) {
                JsonPath page = board(ta, unit.getKey(), period, unit.getValue());
                assertEquals(3, page.getInt("size"), unit + " " + period);
                assertEquals(List.of(a.id(), b.id(), c.id()), page.getList("entries.workerId", Long.class), unit + " " + period);
                assertEquals(List.of(100, 100, 50), page.getList("entries.points", Integer.class));
                assertEquals(List.of(1, 2, 3), page.getList("entries.rank", Integer.class));
                assertEquals("测试职工", page.getString("entries[0].displayName"));
                assertTrue(page.getString("entries[0].enterprise").startsWith("测试企业"));
            }
        }

        // a worse run changes nothing; a better one moves the worker up, behind those who got there first
        TestClock.pin(t.plusSeconds(30));
        assertEquals(0, Plays.play(fixtures, tb, bank.levelIds().get(0), 4).getInt("pointsEarned"));
        TestClock.pin(t.plusSeconds(40));
        JsonPath better = Plays.play(fixtures, tc, bank.levelIds().get(0), 8);
        assertEquals(50, better.getInt("pointsEarned"));
        assertEquals(3, better.getInt("ranks.trade.allTime"));
        assertEquals(List.of(a.id(), b.id(), c.id()),
                board(ta, Scope.TRADE, Period.ALL_TIME, org.tradeId()).getList("entries.workerId", Long.class));
        TestClock.pin(t.plusSeconds(50));
        Plays.play(fixtures, tc, bank.levelIds().get(1), 5);
        assertEquals(List.of(c.id(), a.id(), b.id()),
                board(ta, Scope.TEAM, Period.WEEK, org.teamId()).getList("entries.workerId", Long.class));
    }

    @Test
    void theOutboxRowOfASubmissionGoesOnceItsBoardsAreWritten() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        Fixtures.Account worker = fixtures.worker(org);
        JsonPath result = Plays.play(fixtures, Fixtures.login(worker.phone()), bank.levelIds().get(0), 8);

        assertEquals("OK", result.getString("ranks.status"));
        assertEquals(1, result.getInt("ranks.trade.allTime"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertEquals(0, fixtures.count("select count(*) from leaderboard_outbox where account_id = ?", worker.id())));
    }

    @Test
    void myPlaceShowsMyRankAndMyNeighbours() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        List<String> tokens = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Fixtures.Account w = fixtures.worker(org);
            ids.add(w.id());
            tokens.add(Fixtures.login(w.phone()));
        }
        for (int i = 0; i < 4; i++) {
            Plays.play(fixtures, tokens.get(i), bank.levelIds().get(0), 8 - i);
        }

        given().auth().oauth2(tokens.get(2)).queryParam("around", 1).get("/api/leaderboards/TRADE/ALL_TIME/me").then()
                .statusCode(200).body("rank", equalTo(3)).body("points", equalTo(75)).body("size", equalTo(4))
                .body("entries.rank", equalTo(List.of(2, 3, 4)))
                .body("entries.workerId", equalTo(List.of(ids.get(1).intValue(), ids.get(2).intValue(), ids.get(3).intValue())));
        // not on the board yet: no rank, but the size
        given().auth().oauth2(tokens.get(4)).get("/api/leaderboards/trade/all-time/me").then().statusCode(200)
                .body("rank", equalTo(null)).body("size", equalTo(4)).body("entries.size()", equalTo(0));
    }

    @Test
    void boardsArePublicButMyPlaceIsOnlyTheCallersAndLimitsAreCapped() {
        Fixtures.Org mine = fixtures.org();
        Fixtures.Org other = fixtures.org();
        Fixtures.Bank otherBank = fixtures.bank(other);
        String stranger = Fixtures.login(fixtures.worker(other).phone());
        Plays.play(fixtures, stranger, otherBank.levelIds().get(0), 8);
        String me = Fixtures.login(fixtures.worker(mine).phone());

        assertEquals(1, board(me, Scope.ENTERPRISE, Period.WEEK, other.enterpriseId()).getInt("size"));
        given().auth().oauth2(me).get("/api/leaderboards/ENTERPRISE/WEEK?limit=101").then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", equalTo("limit"));
        given().auth().oauth2(me).get("/api/leaderboards/GALAXY/WEEK").then().statusCode(400).contentType(PROBLEM);
        given().get("/api/leaderboards/ENTERPRISE/WEEK").then().statusCode(401);
        String union = Fixtures.login(fixtures.unionAdminOfRegion(mine.cityId()).phone());
        given().auth().oauth2(union).get("/api/leaderboards/ENTERPRISE/WEEK/me").then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(union).get("/api/leaderboards/ENTERPRISE/WEEK").then().statusCode(400).contentType(PROBLEM);
        assertEquals(1, board(union, Scope.TRADE, Period.ALL_TIME, other.tradeId()).getInt("size"));
    }

    @Test
    void withoutScopeIdAUnionAdminSeesTheBoardsOfTheirOwnUnits() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        Plays.play(fixtures, Fixtures.login(fixtures.worker(org).phone()), bank.levelIds().get(0), 8);

        String cityUnion = Fixtures.login(fixtures.unionAdminOfRegion(org.cityId()).phone());
        for (Scope scope : new Scope[] { Scope.PROVINCE, Scope.CITY }) {
            given().auth().oauth2(cityUnion).get("/api/leaderboards/" + scope + "/WEEK").then().statusCode(200)
                    .body("scopeId", equalTo((int) (long) units(org).get(scope))).body("size", equalTo(1));
        }
        // a city's union belongs to no one county: it names the one it wants
        given().auth().oauth2(cityUnion).get("/api/leaderboards/COUNTY/WEEK").then().statusCode(400).contentType(PROBLEM);

        String enterpriseUnion = Fixtures.login(fixtures.unionAdminOfEnterprise(org.enterpriseId()).phone());
        for (Scope scope : new Scope[] { Scope.PROVINCE, Scope.INDUSTRY, Scope.CITY, Scope.COUNTY, Scope.ENTERPRISE }) {
            given().auth().oauth2(enterpriseUnion).get("/api/leaderboards/" + scope + "/ALL_TIME").then().statusCode(200)
                    .body("scopeId", equalTo((int) (long) units(org).get(scope))).body("size", equalTo(1));
        }
        given().auth().oauth2(enterpriseUnion).get("/api/leaderboards/TEAM/ALL_TIME").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void aSundayNightRunCountsForThatWeekAndMondaysForTheNext() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        Fixtures.Account w = fixtures.worker(org);
        String token = Fixtures.login(w.phone());

        TestClock.pin(Instant.parse("2026-11-29T15:59:30Z")); // Sunday 23:59:30 in Shanghai
        Plays.play(fixtures, token, bank.levelIds().get(0), 8);
        TestClock.pin(Instant.parse("2026-11-29T16:00:00Z")); // Monday 00:00:00
        Plays.play(fixtures, token, bank.levelIds().get(1), 5);

        assertEquals(100, fixtures.count("select points from point_total where account_id = ? and period = '2026-W48'", w.id()));
        assertEquals(100, fixtures.count("select points from point_total where account_id = ? and period = '2026-W49'", w.id()));
        assertEquals(200, fixtures.count("select points from point_total where account_id = ? and period = 'ALL'", w.id()));
        assertEquals(100L, ScoreCodec.points(redis.execute("ZSCORE", LeaderboardKeys.board(Scope.TRADE, org.tradeId(), "2026-W48"),
                Long.toString(w.id())).toDouble()));
        JsonPath week = board(token, Scope.TRADE, Period.WEEK, org.tradeId());
        assertEquals("2026-W49", week.getString("label"));
        assertEquals(100, week.getInt("entries[0].points"));
    }

    @Test
    void aFlushedRedisIsRebuiltToTheSameBoards() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        for (int i = 0; i < 3; i++) {
            Plays.play(fixtures, Fixtures.login(fixtures.worker(org).phone()), bank.levelIds().get(0), 8 - 2 * i);
        }
        Map<String, List<String>> before = snapshot(org);
        assertTrue(before.values().stream().allMatch(members -> members.size() == 3), before.toString());
        String admin = Fixtures.login(fixtures.systemAdmin().phone());

        redis.execute("FLUSHDB");
        given().auth().oauth2(admin).post("/api/admin/leaderboards/rebuild").then().statusCode(200)
                .body("boards", greaterThanOrEqualTo(21));

        assertEquals(before, snapshot(org));
        assertEquals(1L, redis.execute("EXISTS", LeaderboardKeys.MARKER).toLong());
        given().auth().oauth2(Fixtures.login(fixtures.worker(org).phone())).post("/api/admin/leaderboards/rebuild")
                .then().statusCode(403);
    }

    @Test
    void aRedisThatLostEverythingIsRebuiltWithoutAnyoneAsking() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        Plays.play(fixtures, Fixtures.login(fixtures.worker(org).phone()), bank.levelIds().get(0), 8);
        Map<String, List<String>> before = snapshot(org);

        redis.execute("FLUSHDB");

        // the watchdog checks every 5 s in tests, every 30 s by default: "noticed within a minute"
        // the marker is set after the boards are in place and caught up: wait for both, not for the boards alone
        Awaitility.await().atMost(Duration.ofSeconds(65)).untilAsserted(() -> {
            assertEquals(before, snapshot(org));
            assertEquals(1L, redis.execute("EXISTS", LeaderboardKeys.MARKER).toLong());
        });
    }

    @Test
    void readersNeverSeeAHalfBuiltBoard() throws Throwable {
        Fixtures.Org org = fixtures.org();
        int workers = 400;
        String prefix = "16" + String.format("%06d", java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000));
        fixtures.execute("insert into account (phone, display_name, password_hash, roles)"
                + " select ? || lpad(n::text, 3, '0'), '职工' || n, 'x', 'WORKER' from generate_series(1, ?) n", prefix, workers);
        fixtures.execute("insert into worker (account_id, enterprise_id, team_id, trade_id, trade_since)"
                + " select id, ?, ?, ?, current_date from account where phone like ? || '%'",
                org.enterpriseId(), org.teamId(), org.tradeId(), prefix);
        fixtures.execute("insert into point_total (account_id, period, points, reached_at)"
                + " select account_id, 'ALL', 10 + account_id % 90, now() - (account_id % 1000) * interval '1 second'"
                + " from worker where enterprise_id = ?", org.enterpriseId());
        VertxContextSupport.subscribeAndAwait(rebuilder::rebuildIfFree);
        String key = LeaderboardKeys.board(Scope.TRADE, org.tradeId(), "ALL");
        assertEquals(workers, redis.execute("ZCARD", key).toLong());

        AtomicBoolean rebuilding = new AtomicBoolean(true);
        CompletableFuture<Void> rebuilds = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 3; i++) {
                    VertxContextSupport.subscribeAndAwait(rebuilder::rebuildIfFree);
                }
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            } finally {
                rebuilding.set(false);
            }
        });
        int reads = 0;
        while (rebuilding.get()) {
            assertEquals(workers, redis.execute("ZCARD", key).toLong());
            reads++;
        }
        rebuilds.get();
        assertTrue(reads > 10, "reads during the rebuilds: " + reads);
    }

    @Test
    void endedPeriodsAreArchivedWithTheirFinalStandings() throws Throwable {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        Fixtures.Account first = fixtures.worker(org);
        Fixtures.Account second = fixtures.worker(org);
        TestClock.pin(Instant.parse("2026-11-18T02:00:00Z"));
        Plays.play(fixtures, Fixtures.login(second.phone()), bank.levelIds().get(0), 6);
        Plays.play(fixtures, Fixtures.login(first.phone()), bank.levelIds().get(0), 8);
        TestClock.release();

        int rows = VertxContextSupport.subscribeAndAwait(() -> rebuilder.archive("2026-W47"));
        assertTrue(rows >= 14, "two workers on seven boards, got " + rows);

        String token = Fixtures.login(first.phone());
        given().auth().oauth2(token).queryParam("label", "2026-W47").get("/api/leaderboards/TEAM/WEEK/history").then()
                .statusCode(200).body("label", equalTo("2026-W47"))
                .body("entries.workerId", equalTo(List.of((int) first.id(), (int) second.id())))
                .body("entries.points", equalTo(List.of(100, 75)));
        given().auth().oauth2(token).queryParam("label", "last week").get("/api/leaderboards/TEAM/WEEK/history").then()
                .statusCode(400).contentType(PROBLEM);
    }
}
