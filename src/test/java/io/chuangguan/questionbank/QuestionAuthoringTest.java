package io.chuangguan.questionbank;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Writing questions through the API: scope, the four-eyes lifecycle, versions, audit, duplicates, knowledge points. */
@QuarkusTest
class QuestionAuthoringTest {

    @Inject
    Fixtures fixtures;

    @Inject
    QuestionBankService bank;

    static Map<String, Object> single(String stem, String... points) {
        return Map.of("type", "SINGLE", "stem", stem,
                "options", List.of(Map.of("text", "供氧"), Map.of("text", "加料"), Map.of("text", "测温")),
                "correctKeys", List.of("A"), "explanation", "氧枪吹氧", "difficulty", 2, "grade", 1, "knowledgePoints", List.of(points));
    }

    private static ValidatableResponse create(String token, long tradeId, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/trades/{t}/questions", tradeId).then();
    }

    private static ValidatableResponse post(String token, String path, Object... params) {
        return given().auth().oauth2(token).post(path, params).then();
    }

    private static ValidatableResponse review(String token, long id, String decision, String comment) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(comment == null ? Map.of("decision", decision) : Map.of("decision", decision, "comment", comment))
                .post("/api/questions/{id}/review", id).then();
    }

    @Test
    void onlyTheTradesOfTheTrainersIndustriesAreTheirs() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Org other = fixtures.org();
        String trainer = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        String stranger = Fixtures.login(fixtures.trainer(other.industryId()).phone());
        String worker = Fixtures.login(fixtures.worker(org).phone());
        String unionAdmin = Fixtures.login(fixtures.unionAdminOfRegion(org.cityId()).phone());

        long id = create(trainer, org.tradeId(), single("氧枪的作用是什么？")).statusCode(201).extract().jsonPath().getLong("id");

        create(stranger, org.tradeId(), single("别的行业的题")).statusCode(403);
        given().auth().oauth2(stranger).get("/api/trades/{t}/questions", org.tradeId()).then().statusCode(403);
        given().auth().oauth2(stranger).get("/api/questions/{id}", id).then().statusCode(404);
        post(stranger, "/api/questions/{id}/submit", id).statusCode(404);
        given().auth().oauth2(worker).get("/api/trades/{t}/questions", org.tradeId()).then().statusCode(403);
        given().auth().oauth2(unionAdmin).get("/api/questions/{id}", id).then().statusCode(403);
        create(trainer, 9_999_999_999L, single("没有这个工种")).statusCode(404);

        String admin = Fixtures.login(fixtures.systemAdmin().phone());
        given().auth().oauth2(admin).get("/api/questions/{id}", id).then().statusCode(200).body("ref", equalTo("Q" + String.format("%06d", id)));
        assertEquals(1, fixtures.count("select count(*) from question where trade_id = ?", org.tradeId()));
    }

    @Test
    void aQuestionIsPublishedOnlyBySomeoneWhoDidNotWriteIt() {
        Fixtures.Org org = fixtures.org();
        fixtures.execute("insert into knowledge_point (trade_id, name) values (?, '炼钢工艺')", org.tradeId());
        Fixtures.Account author = fixtures.trainer(org.industryId());
        String a = Fixtures.login(author.phone());
        String b = Fixtures.login(fixtures.trainer(org.industryId()).phone());

        long id = create(a, org.tradeId(), single("氧枪的作用是什么？", "炼钢工艺")).statusCode(201)
                .body("versions", hasSize(1)).body("versions[0].status", equalTo("DRAFT"))
                .body("versions[0].author.id", equalTo((int) author.id()))
                .body("versions[0].options.key", contains("A", "B", "C"))
                .body("versions[0].knowledgePoints", contains("炼钢工艺"))
                .extract().jsonPath().getLong("id");
        // a draft can be edited in place, and is not drawn
        given().auth().oauth2(a).contentType(ContentType.JSON).body(single("转炉氧枪的作用是什么？", "炼钢工艺"))
                .put("/api/questions/{id}/draft", id).then().statusCode(200)
                .body("versions", hasSize(1)).body("versions[0].stem", equalTo("转炉氧枪的作用是什么？"));
        review(b, id, "APPROVE", null).statusCode(409);

        post(a, "/api/questions/{id}/submit", id).statusCode(200).body("versions[0].status", equalTo("IN_REVIEW"));
        given().auth().oauth2(a).contentType(ContentType.JSON).body(single("审核中不能改"))
                .put("/api/questions/{id}/draft", id).then().statusCode(409).body("type", containsString("in-review"));
        review(a, id, "APPROVE", null).statusCode(403).body("type", containsString("four-eyes"));
        review(b, id, "RETURN", null).statusCode(422);
        review(b, id, "RETURN", "选项C不够严谨").statusCode(200)
                .body("versions[0].status", equalTo("DRAFT")).body("versions[0].reviewComment", equalTo("选项C不够严谨"));
        post(a, "/api/questions/{id}/submit", id).statusCode(200);
        review(b, id, "APPROVE", "好").statusCode(200)
                .body("versions[0].status", equalTo("PUBLISHED")).body("versions[0].publishedAt", notNullValue());
        assertTrue(drawn(org.tradeId(), id), "a published question is drawn at once on this instance");

        // editing the published question makes version 2; version 1 stays live until 2 is published
        given().auth().oauth2(b).contentType(ContentType.JSON).body(single("转炉氧枪的主要作用是什么？", "炼钢工艺"))
                .put("/api/questions/{id}/draft", id).then().statusCode(200)
                .body("versions.version", contains(2, 1)).body("versions.status", contains("DRAFT", "PUBLISHED"));
        post(b, "/api/questions/{id}/submit", id).statusCode(200);
        review(b, id, "APPROVE", null).statusCode(403);
        review(a, id, "APPROVE", null).statusCode(200).body("versions.status", contains("PUBLISHED", "RETIRED"));
        assertEquals(1, fixtures.count("select count(*) from question_version where question_id = ? and status = 'PUBLISHED'", id));

        post(a, "/api/questions/{id}/retire", id).statusCode(200).body("versions.status", contains("RETIRED", "RETIRED"));
        post(a, "/api/questions/{id}/retire", id).statusCode(409);
        assertTrue(!drawn(org.tradeId(), id), "a retired question is not drawn");

        given().auth().oauth2(a).get("/api/questions/{id}/audit", id).then().statusCode(200)
                .body("action", contains("CREATED", "EDITED", "SUBMITTED", "RETURNED", "SUBMITTED", "APPROVED", "EDITED", "SUBMITTED",
                        "APPROVED", "RETIRED"))
                .body("version", contains(1, 1, 1, 1, 1, 1, 2, 2, 2, 2))
                .body("[3].comment", equalTo("选项C不够严谨"));
        assertEquals("氧枪的作用是什么？", fixtures.text("select before::json ->> 'stem' from question_audit"
                + " where question_id = ? and action = 'EDITED' and version = 1", id));
    }

    @Test
    void whoeverEditedAVersionCannotApproveIt() {
        Fixtures.Org org = fixtures.org();
        String a = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        String b = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        String c = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        long id = create(a, org.tradeId(), single("吹炼终点如何判断？")).statusCode(201).extract().jsonPath().getLong("id");
        given().auth().oauth2(b).contentType(ContentType.JSON).body(single("吹炼终点怎样判断？"))
                .put("/api/questions/{id}/draft", id).then().statusCode(200);
        post(b, "/api/questions/{id}/submit", id).statusCode(200);
        // a wrote it and b changed it: neither may publish it
        review(a, id, "APPROVE", null).statusCode(403);
        review(b, id, "APPROVE", null).statusCode(403);
        review(c, id, "APPROVE", null).statusCode(200);
        String admin = Fixtures.login(fixtures.systemAdmin().phone());
        review(admin, id, "APPROVE", null).statusCode(409);
    }

    @Test
    void draftsAreCheckedAndDuplicatesWarned() {
        Fixtures.Org org = fixtures.org();
        String a = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        long first = create(a, org.tradeId(), single("安全帽必须佩戴吗？")).statusCode(201)
                .body("duplicates", hasSize(0)).extract().jsonPath().getLong("id");
        // full-width letters, spaces and punctuation do not make another question
        create(a, org.tradeId(), single(" 安全帽，必须 佩戴吗?")).statusCode(201)
                .body("duplicates.id", contains((int) first));

        create(a, org.tradeId(), Map.of("type", "MULTIPLE", "stem", "多选", "options", List.of(Map.of("text", "甲"), Map.of("text", "乙")),
                "correctKeys", List.of("A"), "difficulty", 9, "grade", 1, "knowledgePoints", List.of("没有的知识点"))).statusCode(422)
                .body("violations.field", contains("correctKeys", "difficulty", "knowledgePoints"))
                .body("violations[0].message", containsString("至少要有两个"));
        create(a, org.tradeId(), Map.of("type", "SINGLE", "stem", "选项相同", "options", List.of(Map.of("text", "甲"), Map.of("text", "甲")),
                "correctKeys", List.of("E"), "difficulty", 1, "grade", 1)).statusCode(422)
                .body("violations.field", contains("options[1]", "correctKeys"));
        create(a, org.tradeId(), Map.of("ref", "STM-1", "type", "TRUE_FALSE", "stem", "炉前必须穿戴防护服。", "correctKeys", List.of("A"),
                "difficulty", 1, "grade", 1)).statusCode(201).body("versions[0].options.text", contains("正确", "错误"));
        create(a, org.tradeId(), Map.of("ref", "STM-1", "type", "TRUE_FALSE", "stem", "另一道判断题", "correctKeys", List.of("B"),
                "difficulty", 1, "grade", 1)).statusCode(409).body("type", containsString("ref-taken"));
        create(a, org.tradeId(), "{\"type\":\"ESSAY\",\"stem\":\"x\"}").statusCode(400);
        assertEquals(3, fixtures.count("select count(*) from question where trade_id = ?", org.tradeId()));
    }

    @Test
    void theListFiltersSortsAndPages() {
        Fixtures.Org org = fixtures.org();
        fixtures.bank(org);
        String a = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        long draft = create(a, org.tradeId(), single("新写的转炉题", "安全")).statusCode(201).extract().jsonPath().getLong("id");

        given().auth().oauth2(a).get("/api/trades/{t}/questions?size=5", org.tradeId()).then().statusCode(200)
                .body("total", equalTo(31)).body("items", hasSize(5)).body("items[0].ref", equalTo("Q" + String.format("%06d", draft)));
        given().auth().oauth2(a).get("/api/trades/{t}/questions?status=DRAFT", org.tradeId()).then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo((int) draft)).body("items[0].publishedVersion", nullValue());
        given().auth().oauth2(a).get("/api/trades/{t}/questions?knowledgePoint=安全&type=SINGLE", org.tradeId()).then().statusCode(200)
                .body("total", equalTo(5));
        given().auth().oauth2(a).get("/api/trades/{t}/questions?q=转炉", org.tradeId()).then().statusCode(200).body("total", equalTo(1));
        given().auth().oauth2(a).get("/api/trades/{t}/questions?q=%25", org.tradeId()).then().statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(a).get("/api/trades/{t}/questions?q=丙3", org.tradeId()).then().statusCode(200)
                .body("items.ref", contains("安全-3", "工艺-3", "设备-3"));
        given().auth().oauth2(a).get("/api/trades/{t}/questions?sort=-ref&size=2", org.tradeId()).then().statusCode(200)
                .body("items.ref", contains("设备-9", "设备-8"));
        given().auth().oauth2(a).get("/api/trades/{t}/questions?sort=cheapest", org.tradeId()).then().statusCode(400);
        given().auth().oauth2(a).get("/api/trades/{t}/questions?flagged=true", org.tradeId()).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void batchesGoOneByOne() {
        Fixtures.Org org = fixtures.org();
        String a = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        String b = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        long one = create(a, org.tradeId(), single("第一题")).statusCode(201).extract().jsonPath().getLong("id");
        long two = create(a, org.tradeId(), single("第二题")).statusCode(201).extract().jsonPath().getLong("id");
        long theirs = create(b, org.tradeId(), single("第三题")).statusCode(201).extract().jsonPath().getLong("id");
        given().auth().oauth2(a).contentType(ContentType.JSON).body(Map.of("ids", List.of(one, two, theirs, 9_999_999_999L)))
                .post("/api/question-batches/submit").then().statusCode(200)
                .body("done", contains((int) one, (int) two, (int) theirs)).body("failed.id", contains(9_999_999_999L));
        given().auth().oauth2(b).contentType(ContentType.JSON).body(Map.of("ids", List.of(one, two, theirs), "decision", "APPROVE"))
                .post("/api/question-batches/review").then().statusCode(200)
                .body("done", contains((int) one, (int) two)).body("failed.id", contains((int) theirs))
                .body("failed[0].detail", containsString("审核人不能是"));
    }

    @Test
    void knowledgePointsAreRenamedAndMergedIntoTheDrawRulesToo() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        String a = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        long safety = fixtures.count("select id from knowledge_point where trade_id = ? and name = '安全'", org.tradeId());
        long equipment = fixtures.count("select id from knowledge_point where trade_id = ? and name = '设备'", org.tradeId());

        given().auth().oauth2(a).contentType(ContentType.JSON).body(Map.of("name", "设备"))
                .put("/api/knowledge-points/{id}", safety).then().statusCode(409);
        given().auth().oauth2(a).contentType(ContentType.JSON).body(Map.of("name", "安全规程"))
                .put("/api/knowledge-points/{id}", safety).then().statusCode(200).body("name", equalTo("安全规程")).body("questions", equalTo(10));
        assertTrue(fixtures.text("select draw_rule from level where id = ?", bank.levelIds().get(0)).contains("\"安全规程\""));

        given().auth().oauth2(a).contentType(ContentType.JSON).body(Map.of("into", equipment))
                .post("/api/knowledge-points/{id}/merge", safety).then().statusCode(200).body("questions", equalTo(20));
        String rule = fixtures.text("select draw_rule from level where id = ?", bank.levelIds().get(0));
        assertTrue(rule.contains("\"设备\"") && !rule.contains("安全"), rule);
        given().auth().oauth2(a).get("/api/trades/{t}/knowledge-points", org.tradeId()).then().statusCode(200)
                .body("name", contains("工艺", "设备"));
        given().auth().oauth2(a).contentType(ContentType.JSON).body(Map.of("name", "炉外精炼"))
                .post("/api/trades/{t}/knowledge-points", org.tradeId()).then().statusCode(201).body("questions", equalTo(0));
        // the level still draws: its rule names a point that exists
        String worker = Fixtures.login(fixtures.worker(org).phone());
        given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("mode", "PRACTICE"))
                .post("/api/levels/{id}/attempts", bank.levelIds().get(0)).then().statusCode(201)
                .body("questions", hasSize(8)).body("questions.id", hasItem(notNullValue()));
    }

    private boolean drawn(long tradeId, long questionId) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> bank.publishedCandidates(tradeId, QuestionPool.LEARNING)).stream()
                    .anyMatch(c -> c.questionId() == questionId);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
