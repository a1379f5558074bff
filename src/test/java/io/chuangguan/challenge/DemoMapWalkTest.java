package io.chuangguan.challenge;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.chuangguan.demo.DemoDataLoader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** A new 炼钢工 walks the demo grade-5 map, level by level, up to and through the exam levels. */
@QuarkusTest
class DemoMapWalkTest {

    @Inject
    DemoDataLoader loader;
    @Inject
    Fixtures fixtures;

    @Test
    void aNewSteelmakerWalksTheGradeFiveMap() throws Throwable {
        VertxContextSupport.subscribeAndAwait(loader::load);
        long trade = fixtures.count("select id from trade where code = 'STEELMAKER'");
        long enterprise = fixtures.count("select id from enterprise where name = '济南鲁钢特钢有限公司'");
        String phone = Fixtures.newPhone();
        long account = fixtures.insert("insert into account (phone, display_name, password_hash, roles)"
                + " select ?, '新职工', password_hash, 'WORKER' from account where phone = ? returning id", phone, DemoDataLoader.DEMO_WORKER);
        fixtures.execute("insert into worker (account_id, enterprise_id, trade_id, trade_since) values (?, ?, ?, ?)",
                account, enterprise, trade, Date.valueOf(LocalDate.now().minusYears(1)));
        String token = given().contentType(ContentType.JSON).body(Map.of("phone", phone, "password", DemoDataLoader.DEMO_PASSWORD))
                .post("/api/auth/login").then().statusCode(200).extract().path("accessToken");

        List<Map<String, Object>> map = given().auth().oauth2(token).get("/api/trades/" + trade + "/levels").then().statusCode(200)
                .extract().jsonPath().getList("", Map.class).stream().map(m -> (Map<String, Object>) m).toList();
        List<Map<String, Object>> gradeFive = map.stream().filter(l -> ((Number) l.get("grade")).intValue() == 5).toList();
        assertTrue(gradeFive.size() >= 5, "at least five grade-5 levels");
        assertTrue(gradeFive.stream().anyMatch(l -> Boolean.TRUE.equals(l.get("exam"))), "grade 5 has exam levels");

        for (Map<String, Object> level : gradeFive) {
            long levelId = ((Number) level.get("id")).longValue();
            JsonPath started = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("mode", "CHALLENGE"))
                    .post("/api/levels/" + levelId + "/attempts").then().statusCode(201).extract().jsonPath();
            long attemptId = started.getLong("attemptId");
            assertEquals(((Number) level.get("questionCount")).intValue(), started.getList("questions").size());
            List<Map<String, Object>> answers = fixtures.answerKey(attemptId).entrySet().stream()
                    .map(e -> Map.<String, Object>of("questionId", e.getKey(), "selected", e.getValue())).toList();
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("answers", answers))
                    .post("/api/attempts/" + attemptId + "/submission").then().statusCode(200)
                    .body("score", org.hamcrest.Matchers.equalTo(100)).body("passed", org.hamcrest.Matchers.equalTo(true));
        }

        List<String> statuses = given().auth().oauth2(token).get("/api/trades/" + trade + "/levels").then().extract().path("status");
        assertTrue(statuses.subList(0, gradeFive.size()).stream().allMatch("PASSED"::equals), statuses.toString());
        assertEquals("OPEN", statuses.get(gradeFive.size()), "the first grade-4 level opens");
    }
}
