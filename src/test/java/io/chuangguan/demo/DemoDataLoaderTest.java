package io.chuangguan.demo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;

@QuarkusTest
class DemoDataLoaderTest {

    private static final List<String> TABLES = List.of("region", "industry", "trade", "enterprise", "team", "account",
            "worker", "worker_grade", "trainer_industry", "question", "question_version", "question_audit");

    @Inject
    DemoDataLoader loader;
    @Inject
    DemoContests contests;
    @Inject
    Fixtures fixtures;

    private Map<String, Long> counts() {
        return TABLES.stream().collect(java.util.stream.Collectors.toMap(t -> t, t -> fixtures.count("select count(*) from " + t)));
    }

    private static String login(String phone) {
        return given().contentType(ContentType.JSON).body(Map.of("phone", phone, "password", DemoDataLoader.DEMO_PASSWORD))
                .post("/api/auth/login").then().statusCode(200).extract().path("accessToken");
    }

    @Test
    void loadsTheDemoProvinceOnceHoweverOftenItRuns() throws Throwable {
        VertxContextSupport.subscribeAndAwait(loader::load);
        Map<String, Long> first = counts();
        VertxContextSupport.subscribeAndAwait(loader::load);

        assertEquals(first, counts());
        assertEquals(16, fixtures.count("select count(*) from region c join region p on p.id = c.parent_id"
                + " where p.code = '370000' and c.level = 'CITY'"));
        assertEquals(30, fixtures.count("select count(*) from enterprise where credit_code like '913%'"));
        assertEquals(4, fixtures.count("select count(distinct size_class) from enterprise where credit_code like '913%'"));
        long workers = fixtures.count("select count(*) from worker w join account a on a.id = w.account_id where a.phone like '139%'");
        assertTrue(workers >= 200, "about 200 demo workers, got " + workers);
        assertEquals(1, fixtures.count("select count(*) from account where phone = ?", DemoDataLoader.DEMO_WORKER));
    }

    @Test
    void theDemoWorkerCanEnterOneContestAndFollowUpAFinishedTeamContestWhoseDrawChecksOut() throws Throwable {
        VertxContextSupport.subscribeAndAwait(loader::load);
        VertxContextSupport.subscribeAndAwait(contests::load);
        VertxContextSupport.subscribeAndAwait(contests::load);
        assertEquals(2, fixtures.count("select count(*) from contest where name in (?, ?)", DemoContests.OPEN, DemoContests.FINISHED));
        String worker = login(DemoDataLoader.DEMO_WORKER);
        io.restassured.path.json.JsonPath list = given().auth().oauth2(worker).get("/api/contests").then().statusCode(200).extract().jsonPath();
        assertEquals(true, list.getBoolean("find { it.name == '" + DemoContests.OPEN + "' }.mine.mayRegister"));
        assertEquals(20, list.getInt("find { it.name == '" + DemoContests.OPEN + "' }.paperSize"));
        long finished = list.getLong("find { it.name == '" + DemoContests.FINISHED + "' }.id");
        assertEquals("FINAL", list.getString("find { it.id == " + finished + " }.state"));
        assertEquals("NAMED", list.getString("find { it.id == " + finished + " }.mine.teamRole"));
        assertTrue(list.getInt("find { it.id == " + finished + " }.mine.place") > 0);

        io.restassured.path.json.JsonPath draw = given().auth().oauth2(worker).get("/api/contests/" + finished + "/draw").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(draw.getString("seedCommitment"), io.chuangguan.contest.ContestDraw.sha256Hex(draw.getString("seed")));
        assertEquals(List.of(true, true), draw.getList("teams.rosterIntact", Boolean.class));
        assertEquals(List.of(3, 3), draw.getList("teams.collect { it.drawn.size() }", Integer.class));
        io.restassured.path.json.JsonPath results = given().auth().oauth2(worker).get("/api/contests/" + finished + "/results").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(2, results.getList("teams").size());
        // the demo worker's team of four counts its no-show as 0
        assertEquals(4, results.getInt("teams.find { it.enterpriseName == '济南鲁钢特钢有限公司' }.members"));
        given().auth().oauth2(login(DemoDataLoader.DEMO_UNION_ADMIN)).get("/api/contests/" + finished + "/analysis").then().statusCode(200)
                .body("entrants", org.hamcrest.Matchers.equalTo(6));
    }

    @Test
    void theDemoTrainersFindQuestionsInEveryStateAndOneToReviewEach() throws Throwable {
        VertxContextSupport.subscribeAndAwait(loader::load);
        long steelmaker = fixtures.count("select id from trade where code = 'STEELMAKER'");
        String trainer = login(DemoDataLoader.DEMO_TRAINER);
        String reviewer = login(DemoDataLoader.DEMO_REVIEWER);
        for (String status : List.of("DRAFT", "IN_REVIEW", "RETIRED")) {
            given().auth().oauth2(trainer).get("/api/trades/{t}/questions?status=" + status + "&q=DEMO-", steelmaker).then()
                    .statusCode(200).body("total", org.hamcrest.Matchers.greaterThan(0));
        }
        // a published question being edited lists by its new draft, with the version that stays live
        given().auth().oauth2(trainer).get("/api/trades/{t}/questions?q=DEMO-P1", steelmaker).then().statusCode(200)
                .body("items[0].status", org.hamcrest.Matchers.equalTo("DRAFT")).body("items[0].publishedVersion", org.hamcrest.Matchers.equalTo(1));
        long mine = fixtures.count("select q.id from question q join trade t on t.id = q.trade_id where t.code = 'STEELMAKER' and q.ref = 'DEMO-R1'");
        long theirs = fixtures.count("select q.id from question q join trade t on t.id = q.trade_id where t.code = 'STEELMAKER' and q.ref = 'DEMO-R2'");
        given().auth().oauth2(trainer).get("/api/questions/{id}/audit", mine).then().statusCode(200)
                .body("action", org.hamcrest.Matchers.contains("CREATED", "SUBMITTED"));
        given().auth().oauth2(trainer).contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/questions/{id}/review", mine).then().statusCode(403);
        // reviewing changes the demo: only check that each may review the other's, without doing it
        assertEquals(0, fixtures.count("select count(*) from question_audit a join account ac on ac.id = a.actor_id"
                + " where a.question_id = ? and ac.phone = ?", theirs, DemoDataLoader.DEMO_TRAINER));
        assertEquals(0, fixtures.count("select count(*) from question_audit a join account ac on ac.id = a.actor_id"
                + " where a.question_id = ? and ac.phone = ?", mine, DemoDataLoader.DEMO_REVIEWER));
        given().auth().oauth2(reviewer).get("/api/questions/{id}", mine).then().statusCode(200)
                .body("versions[0].status", org.hamcrest.Matchers.equalTo("IN_REVIEW"));
    }

    @Test
    void demoPromotionsAreInPlace() throws Throwable {
        VertxContextSupport.subscribeAndAwait(loader::load);

        // the demo worker: years are there, the grade-5 exam levels are not yet
        io.restassured.path.json.JsonPath fresh = given().auth().oauth2(login(DemoDataLoader.DEMO_WORKER))
                .get("/api/me/promotion-eligibility").then().statusCode(200).extract().jsonPath();
        assertEquals(5, fresh.getInt("nextGrade"));
        assertEquals(true, fresh.getBoolean("conditions[1].met"));
        assertEquals(2, fresh.getList("conditions[0].missingLevels").size());
        // one worker is a single exam level away from grade 4
        io.restassured.path.json.JsonPath almost = given().auth().oauth2(login(DemoDataLoader.DEMO_ALMOST_GRADE_4))
                .get("/api/me/promotion-eligibility").then().statusCode(200).extract().jsonPath();
        assertEquals(4, almost.getInt("nextGrade"));
        assertEquals(true, almost.getBoolean("conditions[1].met"));
        assertEquals(List.of("中级工考核（二）"), almost.getList("conditions[0].missingLevels.name"));
        // graded demo workers hold records with certificates that verify
        assertEquals(0, fixtures.count("select count(*) from worker_grade wg join account a on a.id = wg.account_id"
                + " where a.phone like '1390001%' and wg.certificate_no is null"));
        String code = fixtures.text("select r.verification_code from promotion_record r join account a on a.id = r.account_id"
                + " where a.phone like '1390001%' order by r.id limit 1");
        given().get("/verify/" + code).then().statusCode(200);
    }

    @Test
    void theDemoHistoryFollowsTheRulesAndLeavesTheDemoWorkerFresh() throws Throwable {
        VertxContextSupport.subscribeAndAwait(loader::load);

        assertEquals(0, fixtures.count("select count(*) from attempt a join account acc on acc.id = a.account_id where acc.phone = ?",
                DemoDataLoader.DEMO_WORKER));
        assertTrue(fixtures.count("select count(*) from attempt a join account acc on acc.id = a.account_id"
                + " where acc.phone like '1390001%'") > 100, "weeks of runs by the other demo workers");
        // all-time points are the sum of best scores, and the weeks add up to them
        assertEquals(0, fixtures.count("select count(*) from (select lp.account_id, sum(lp.best_score) best from level_progress lp"
                + " join account acc on acc.id = lp.account_id where acc.phone like '1390001%' group by lp.account_id) b"
                + " join point_total pt on pt.account_id = b.account_id and pt.period = 'ALL' where pt.points <> b.best"));
        assertEquals(0, fixtures.count("select count(*) from point_total a join account acc on acc.id = a.account_id"
                + " where acc.phone like '1390001%' and a.period = 'ALL' and a.points <> (select sum(points) from point_total w"
                + " where w.account_id = a.account_id and w.period like '%-W%')"));
        // a demo worker passed a level only after the one before it (a map edited later may put a level before a passed one)
        assertEquals(0, fixtures.count("select count(*) from level_progress lp join level l on l.id = lp.level_id"
                + " join account acc on acc.id = lp.account_id and acc.phone like '1390001%'"
                + " join level prev on prev.trade_id = l.trade_id and prev.map_order = l.map_order - 1"
                + " left join level_progress pp on pp.level_id = prev.id and pp.account_id = lp.account_id"
                + " where lp.passed_at is not null and (pp.passed_at is null or pp.passed_at > lp.passed_at)"));
    }

    @Test
    void demoAccountsLogInWithTheDocumentedPassword() throws Throwable {
        VertxContextSupport.subscribeAndAwait(loader::load);

        String worker = login(DemoDataLoader.DEMO_WORKER);
        given().auth().oauth2(worker).get("/api/me").then().statusCode(200)
                .body("roles", equalTo(List.of("WORKER")))
                .body("trade.code", equalTo("STEELMAKER"))
                .body("grade", equalTo(null))
                .body("tradeSince", equalTo(LocalDate.now(ZoneId.of("Asia/Shanghai")).minusYears(2).toString()));
        Integer enterpriseId = given().auth().oauth2(worker).get("/api/me").then().extract().path("enterprise.id");

        String union = login(DemoDataLoader.DEMO_UNION_ADMIN);
        given().auth().oauth2(union).queryParam("size", 100).get("/api/enterprises").then().statusCode(200)
                .body("items.id", hasItem(enterpriseId))
                .body("items.city.name", org.hamcrest.Matchers.everyItem(equalTo("济南市")));

        given().auth().oauth2(login(DemoDataLoader.DEMO_TRAINER)).get("/api/me").then().statusCode(200)
                .body("roles", equalTo(List.of("TRAINER"))).body("scope.industries.code", equalTo(List.of("STEEL")));
        given().auth().oauth2(login(DemoDataLoader.DEMO_SYSTEM_ADMIN)).get("/api/me").then().statusCode(200)
                .body("roles", equalTo(List.of("SYSTEM_ADMIN")));
    }
}
