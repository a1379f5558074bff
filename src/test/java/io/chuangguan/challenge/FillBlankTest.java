package io.chuangguan.challenge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.chuangguan.questionbank.ItemStatistics;
import io.chuangguan.questionbank.QuestionDraft;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Fill-in-the-blank questions: written with their blanks, shown without answers, scored after folding width, case and spaces. */
@QuarkusTest
class FillBlankTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ItemStatistics statistics;

    @Test
    void theTypedTextsAreComparedAfterFoldingAndTheAnswersStayOnTheServerUntilTheReview() {
        Fixtures.Org org = fixtures.org();
        String a = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        String b = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        // a draft's blanks and answers must agree
        given().auth().oauth2(a).contentType(ContentType.JSON).body(Map.of("type", "FILL_BLANK", "stem", "钢是铁和___的合金，含___。",
                "options", List.of(Map.of("text", "碳")), "difficulty", 2, "grade", 5)).post("/api/trades/{t}/questions", org.tradeId())
                .then().statusCode(422).body("violations.field", contains("options")).body("violations[0].message", containsString("2 个空"));
        long twoBlanks = given().auth().oauth2(a).contentType(ContentType.JSON).body(Map.of("type", "FILL_BLANK",
                "stem", "钢是铁和___的合金，转炉吹入的是___。", "options", List.of(Map.of("text", "碳 | C"), Map.of("text", "Oxygen|氧气")),
                "explanation", "碳含量低于 2.11%。", "difficulty", 2, "grade", 5)).post("/api/trades/{t}/questions?submit=true", org.tradeId())
                .then().statusCode(201).body("versions[0].options.text", contains("碳|C", "Oxygen|氧气"))
                .body("versions[0].correctKeys", contains("A", "B")).extract().jsonPath().getLong("id");
        given().auth().oauth2(b).contentType(ContentType.JSON).body(Map.of("decision", "APPROVE"))
                .post("/api/questions/{id}/review", twoBlanks).then().statusCode(200);
        long level = fixtures.insert("insert into level (trade_id, map_order, name, grade, question_count, draw_rule, time_limit_seconds,"
                + " pass_mark, star1, star2, star3) values (?, 1, '填空关', 5, 1, '{\"parts\":[]}', 600, 60, 60, 80, 100) returning id",
                org.tradeId());

        String worker = Fixtures.login(fixtures.worker(org).phone());
        JsonPath paper = given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("mode", "CHALLENGE"))
                .post("/api/levels/{id}/attempts", level).then().statusCode(201)
                .body("questions[0].type", equalTo("FILL_BLANK")).body("questions[0].blanks", equalTo(2))
                .body("questions[0].options", hasSize(0)).body(not(containsString("氧气")))
                .extract().jsonPath();
        long attempt = paper.getLong("attemptId");
        given().auth().oauth2(worker).contentType(ContentType.JSON)
                .body(Map.of("answers", List.of(Map.of("questionId", twoBlanks, "selected", List.of("A")))))
                .post("/api/attempts/{id}/submission", attempt).then().statusCode(422);
        given().auth().oauth2(worker).contentType(ContentType.JSON)
                .body(Map.of("answers", List.of(Map.of("questionId", twoBlanks, "selected", List.of(), "filled", List.of("c", "氧气", "多余")))))
                .post("/api/attempts/{id}/submission", attempt).then().statusCode(422);
        // full-width, upper case and stray spaces still match
        given().auth().oauth2(worker).contentType(ContentType.JSON)
                .body(Map.of("answers", List.of(Map.of("questionId", twoBlanks, "selected", List.of(), "filled", List.of(" Ｃ ", "oxygen")))))
                .post("/api/attempts/{id}/submission", attempt).then().statusCode(200)
                .body("score", equalTo(100)).body("questions[0].correct", equalTo(true))
                .body("questions[0].selected", contains(" Ｃ ", "oxygen"))
                .body("questions[0].acceptedAnswers", contains(List.of("碳", "C"), List.of("Oxygen", "氧气")))
                .body("questions[0].correctKeys", nullValue());

        JsonPath again = given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("mode", "PRACTICE"))
                .post("/api/levels/{id}/attempts", level).then().statusCode(201).extract().jsonPath();
        given().auth().oauth2(worker).contentType(ContentType.JSON)
                .body(Map.of("answers", List.of(Map.of("questionId", twoBlanks, "selected", List.of(), "filled", List.of("碳", "空气")))))
                .post("/api/attempts/{id}/submission", again.getLong("attemptId")).then().statusCode(200)
                .body("score", equalTo(0)).body("questions[0].correct", equalTo(false));
        given().auth().oauth2(worker).get("/api/me/wrong-answers?tradeId=" + org.tradeId()).then().statusCode(200)
                .body("items[0].questionId", equalTo((int) twoBlanks));

        // the fold stops at the oldest open attempt: other tests leave some open
        fixtures.execute("update attempt set status = 'TIMED_OUT' where status = 'OPEN'");
        statistics.foldAll(1_000).await().indefinitely();
        given().auth().oauth2(a).get("/api/questions/{id}", twoBlanks).then().statusCode(200)
                .body("statistics[0].shown", equalTo(2)).body("statistics[0].facility", equalTo(0.5f))
                // blanks are typed, never chosen: no option counts, so never an "unused option" flag
                .body("statistics[0].optionsChosen", equalTo(Map.of()));
        assertEquals(0, fixtures.count("select count(*) from item_option_choice c join question_version v on v.id = c.version_id"
                + " where v.question_id = ?", twoBlanks));
    }

    @Test
    void folding() {
        assertEquals(true, QuestionDraft.matches("  ＡＢ  c ", "ab c|x"));
        assertEquals(false, QuestionDraft.matches("", "ab"));
        assertEquals(false, QuestionDraft.matches("abc", "ab"));
        assertEquals(2, QuestionDraft.blanks("甲＿＿＿乙____丙__"));
    }
}
