package io.chuangguan.level;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.chuangguan.Plays;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Editing a trade's level map: checks, availability, sample papers, publishing as a whole, and workers keeping their levels. */
@QuarkusTest
class LevelMapEditorTest {

    @Inject
    Fixtures fixtures;

    private static Map<String, Object> level(Long id, String name, boolean exam, int count, List<Map<String, Object>> parts) {
        Map<String, Object> l = new HashMap<>();
        if (id != null) {
            l.put("id", id);
        }
        l.putAll(Map.of("name", name, "grade", 5, "exam", exam, "questionCount", count, "timeLimitSeconds", 600, "passMark", 60,
                "star1", 60, "star2", 80, "star3", 100, "drawRule", Map.of("parts", parts)));
        return l;
    }

    private static JsonPath map(String token, long tradeId) {
        return given().auth().oauth2(token).get("/api/trades/{t}/level-map", tradeId).then().statusCode(200).extract().jsonPath();
    }

    private static io.restassured.response.ValidatableResponse saveDraft(String token, long tradeId, List<Map<String, Object>> levels) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("levels", levels))
                .put("/api/trades/{t}/level-map/draft", tradeId).then();
    }

    /** The worker's map as the phone shows it: level id to status. */
    private static Map<Long, String> statuses(String token, long tradeId) {
        JsonPath levels = given().auth().oauth2(token).get("/api/trades/{t}/levels", tradeId).then().statusCode(200).extract().jsonPath();
        Map<Long, String> out = new java.util.LinkedHashMap<>();
        List<Number> ids = levels.getList("id");
        List<String> status = levels.getList("status");
        for (int i = 0; i < ids.size(); i++) {
            out.put(ids.get(i).longValue(), status.get(i));
        }
        return out;
    }

    @Test
    void aDraftMapIsCheckedAgainstTheBankAndOnlyItsTradesTrainersSeeIt() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        String trainer = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        String stranger = Fixtures.login(fixtures.trainer(fixtures.org().industryId()).phone());
        String worker = Fixtures.login(fixtures.worker(org).phone());

        given().auth().oauth2(stranger).get("/api/trades/{t}/level-map", org.tradeId()).then().statusCode(403);
        given().auth().oauth2(worker).get("/api/trades/{t}/level-map", org.tradeId()).then().statusCode(403);

        // the fixture's bank: 30 questions of grade 5, 12 of them in the exam pool; 安全 has 6 learning questions
        JsonPath published = map(trainer, org.tradeId());
        assertEquals(false, published.getBoolean("draft"));
        assertEquals(bank.levelIds().get(0).longValue(), published.getLong("levels[0].level.id"));
        assertEquals(List.of(3, 2), published.getList("levels[0].availability.parts.count"));
        assertEquals(List.of(6, 6), published.getList("levels[0].availability.parts.available"));
        assertEquals(18, published.getInt("levels[0].availability.grade.available"));
        assertEquals("EXAM", published.getString("levels[2].availability.pool"));
        assertEquals(12, published.getInt("levels[2].availability.grade.available"));

        saveDraft(trainer, org.tradeId(), List.of(
                level(bank.levelIds().get(0), "", false, 3, List.of(Map.of("knowledgePoints", List.of("没有的点"), "count", 4))),
                level(999_999_999L, "别的工种的关", false, 5, List.of()))).statusCode(422)
                .body("violations.field", contains("levels[0].name", "levels[0].drawRule.parts[0].knowledgePoints", "levels[0].drawRule",
                        "levels[1].id"));
        saveDraft(trainer, org.tradeId(), List.of(
                level(bank.levelIds().get(0), "安全入门", false, 10, List.of(Map.of("knowledgePoints", List.of("安全"), "count", 8))))).statusCode(200)
                .body("draft", equalTo(true)).body("levels", hasSize(1))
                .body("levels[0].availability.parts[0].available", equalTo(6))
                .body("retiring.id", contains(bank.levelIds().get(1).intValue(), bank.levelIds().get(2).intValue()));
        // nothing workers see changed yet
        assertEquals(3, statuses(worker, org.tradeId()).size());

        JsonPath sample = given().auth().oauth2(trainer).contentType(ContentType.JSON)
                .body(level(null, "样卷", false, 8, List.of(Map.of("knowledgePoints", List.of("安全"), "count", 3))))
                .post("/api/trades/{t}/level-map/sample-paper?seed=7", org.tradeId()).then().statusCode(200)
                .body("questions", hasSize(8)).body("shortfall", equalTo(0)).extract().jsonPath();
        long safety = sample.getList("questions.knowledgePoints").stream().filter(k -> k.toString().contains("安全")).count();
        assertTrue(safety >= 3, "the rule's part draws at least 3 安全 questions, got " + safety);
        given().auth().oauth2(trainer).contentType(ContentType.JSON)
                .body(level(null, "考试样卷", true, 20, List.of()))
                .post("/api/trades/{t}/level-map/sample-paper", org.tradeId()).then().statusCode(200)
                .body("questions", hasSize(12)).body("shortfall", equalTo(8));

        // the editor counts rules as they are typed: an unsaved map, nothing checked or written
        Map<String, Object> unsaved = Map.of("levels", List.of(
                level(null, "", false, 9, List.of(Map.of("knowledgePoints", List.of("安全"), "count", 8),
                        Map.of("knowledgePoints", List.of("还没有的点"), "count", 1))),
                level(null, "考试", true, 20, List.of())));
        given().auth().oauth2(trainer).contentType(ContentType.JSON).body(unsaved)
                .post("/api/trades/{t}/level-map/availability", org.tradeId()).then().statusCode(200)
                .body("parts[0].available", contains(6, 0)).body("parts[0].count", contains(8, 1))
                .body("grade.available", contains(18, 12)).body("pool", contains("LEARNING", "EXAM"));
        given().auth().oauth2(stranger).contentType(ContentType.JSON).body(unsaved)
                .post("/api/trades/{t}/level-map/availability", org.tradeId()).then().statusCode(403);
        // a scripted body of endless rules is refused before anything is counted
        List<Map<String, Object>> endless = java.util.Collections.nCopies(201, Map.of("knowledgePoints", List.of("安全"), "count", 1));
        given().auth().oauth2(trainer).contentType(ContentType.JSON).body(Map.of("levels", List.of(level(null, "x", false, 9, endless))))
                .post("/api/trades/{t}/level-map/availability", org.tradeId()).then().statusCode(422)
                .body("violations.field", contains("levels[0].drawRule"));
        assertEquals("安全入门", map(trainer, org.tradeId()).getString("levels[0].level.name"));

        given().auth().oauth2(trainer).delete("/api/trades/{t}/level-map/draft", org.tradeId()).then().statusCode(200)
                .body("draft", equalTo(false)).body("levels", hasSize(3));
        // publishing says which revision it publishes; with none to publish, 409
        given().auth().oauth2(trainer).post("/api/trades/{t}/level-map/publish", org.tradeId()).then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(trainer).queryParam("revision", map(trainer, org.tradeId()).getString("revision"))
                .post("/api/trades/{t}/level-map/publish", org.tradeId()).then().statusCode(409).body("type", containsString("no-draft"));
    }

    @Test
    void aPublishedMapNeverTakesALevelAWorkerHadOpenOrPassed() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        long l1 = bank.levelIds().get(0), l2 = bank.levelIds().get(1), l3 = bank.levelIds().get(2);
        Fixtures.Account trainerAccount = fixtures.trainer(org.industryId());
        String trainer = Fixtures.login(trainerAccount.phone());
        String ahead = Fixtures.login(fixtures.worker(org).phone());
        String fresh = Fixtures.login(fixtures.worker(org).phone());
        Plays.play(fixtures, ahead, l1, 8);
        assertEquals(List.of("PASSED", "OPEN", "LOCKED"), new ArrayList<>(statuses(ahead, org.tradeId()).values()));
        assertEquals(List.of("OPEN", "LOCKED", "LOCKED"), new ArrayList<>(statuses(fresh, org.tradeId()).values()));

        // a new first level; level 3 (the exam) taken off
        List<Map<String, Object>> parts = List.of();
        String drafted = saveDraft(trainer, org.tradeId(), List.of(level(null, "新的第一关", false, 5, parts), level(l1, "第1关", false, 8, parts),
                level(l2, "第2关", false, 5, parts))).statusCode(200).extract().path("revision");
        given().auth().oauth2(trainer).queryParam("revision", drafted).post("/api/trades/{t}/level-map/publish", org.tradeId()).then().statusCode(200)
                .body("draft", equalTo(false)).body("levels.level.name", contains("新的第一关", "第1关", "第2关"))
                // the published map says who published it and when
                .body("updatedBy.id", equalTo((int) trainerAccount.id())).body("updatedAt", notNullValue());
        Map<Long, String> freshMap = statuses(fresh, org.tradeId());
        long x = freshMap.keySet().iterator().next();
        // the fresh worker had level 1 open (it was first): it stays open behind the new first level
        assertEquals(Map.of(x, "OPEN", l1, "OPEN", l2, "LOCKED"), freshMap);
        assertEquals(Map.of(x, "OPEN", l1, "PASSED", l2, "OPEN"), statuses(ahead, org.tradeId()));
        given().auth().oauth2(ahead).contentType(ContentType.JSON).body(Map.of("mode", "PRACTICE"))
                .post("/api/levels/{id}/attempts", l3).then().statusCode(409).body("type", containsString("level-retired"));
        // a retired level stays retired: a draft naming it is refused
        saveDraft(trainer, org.tradeId(), List.of(level(l3, "复活的考核关", true, 5, parts))).statusCode(422)
                .body("violations.field", contains("levels[0].id"));

        // a level put between a passed level and the one it opened: that one stays open
        JsonPath now = map(trainer, org.tradeId());
        drafted = saveDraft(trainer, org.tradeId(), List.of(level(x, "新的第一关", false, 5, parts), level(l1, "第1关", false, 8, parts),
                level(null, "插入的关", false, 5, parts), level(l2, "第2关", false, 5, parts))).statusCode(200).extract().path("revision");
        given().auth().oauth2(trainer).queryParam("revision", drafted).post("/api/trades/{t}/level-map/publish", org.tradeId()).then().statusCode(200);
        Map<Long, String> after = statuses(ahead, org.tradeId());
        assertEquals(List.of("OPEN", "PASSED", "OPEN", "OPEN"), new ArrayList<>(after.values()), after.toString());
        given().auth().oauth2(ahead).contentType(ContentType.JSON).body(Map.of("mode", "PRACTICE"))
                .post("/api/levels/{id}/attempts", l2).then().statusCode(201);
        assertEquals(List.of("OPEN", "OPEN", "LOCKED", "LOCKED"), new ArrayList<>(statuses(fresh, org.tradeId()).values()));
        assertEquals(2, fixtures.count("select count(*) from level_map_publication where trade_id = ?", org.tradeId()));
        assertEquals(1, fixtures.count("select count(*) from level where trade_id = ? and retired_at is not null", org.tradeId()));
        assertEquals(now.getList("levels").size() + 1, map(trainer, org.tradeId()).getList("levels").size());
        given().auth().oauth2(trainer).get("/api/trades/{t}/question-spread", org.tradeId()).then().statusCode(200)
                .body("levels", hasSize(4)).body("cells.questions.sum()", equalTo(30));
    }

    @Test
    void twoTrainersEditingOneMapNeverOverwriteEachOther() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        long l1 = bank.levelIds().get(0), l2 = bank.levelIds().get(1);
        String first = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        String second = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        List<Map<String, Object>> parts = List.of();

        // both open the published map, never edited: the same revision
        String opened = map(first, org.tradeId()).getString("revision");
        assertEquals(opened, map(second, org.tradeId()).getString("revision"));

        // the first saves; the second's save, discard and publish from the old revision are refused, and change nothing
        String saved = given().auth().oauth2(first).contentType(ContentType.JSON)
                .body(Map.of("levels", List.of(level(l1, "第一个人的第1关", false, 8, parts)), "revision", opened))
                .put("/api/trades/{t}/level-map/draft", org.tradeId()).then().statusCode(200).extract().path("revision");
        assertTrue(!saved.equals(opened), "a save makes a new revision");
        given().auth().oauth2(second).contentType(ContentType.JSON)
                .body(Map.of("levels", List.of(level(l2, "第二个人的关", false, 5, parts)), "revision", opened))
                .put("/api/trades/{t}/level-map/draft", org.tradeId()).then().statusCode(409)
                .contentType("application/problem+json").body("type", containsString("map-changed"))
                .body("detail", containsString("请刷新后再改"));
        given().auth().oauth2(second).queryParam("revision", opened)
                .post("/api/trades/{t}/level-map/publish", org.tradeId()).then().statusCode(409);
        given().auth().oauth2(second).queryParam("revision", opened)
                .delete("/api/trades/{t}/level-map/draft", org.tradeId()).then().statusCode(409);
        JsonPath now = map(second, org.tradeId());
        assertEquals(saved, now.getString("revision"));
        assertEquals(List.of("第一个人的第1关"), now.getList("levels.level.name"));

        // having seen it, the second publishes it; the first's stale save is refused in turn
        String published = given().auth().oauth2(second).queryParam("revision", saved)
                .post("/api/trades/{t}/level-map/publish", org.tradeId()).then().statusCode(200)
                .body("draft", equalTo(false)).extract().path("revision");
        given().auth().oauth2(first).contentType(ContentType.JSON)
                .body(Map.of("levels", List.of(level(l1, "过时的修改", false, 8, parts)), "revision", saved))
                .put("/api/trades/{t}/level-map/draft", org.tradeId()).then().statusCode(409);
        assertEquals(published, map(first, org.tradeId()).getString("revision"));
    }
}
