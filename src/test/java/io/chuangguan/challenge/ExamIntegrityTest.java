package io.chuangguan.challenge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.chuangguan.Plays;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The exam cannot be learnt from the outside: practice and learning reviews hand out only learning keys, exam papers
 * are drawn from a pool whose keys never leave the server, and starts are limited.
 */
@QuarkusTest
class ExamIntegrityTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Fixtures fixtures;
    @Inject
    AbandonedAttempts abandoned;

    private static Response start(String token, long levelId, String mode) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("mode", mode))
                .post("/api/levels/" + levelId + "/attempts");
    }

    private static JsonPath submit(String token, long attemptId, List<Map<String, Object>> answers) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("answers", answers))
                .post("/api/attempts/" + attemptId + "/submission").then().statusCode(200).extract().jsonPath();
    }

    /** The option texts of a question as shown, by shown key: keys learnt from reviews are kept as texts. */
    private static Map<String, String> optionTexts(JsonPath paper, long questionId) {
        Map<String, String> texts = new HashMap<>();
        for (Map<String, Object> q : paper.<Map<String, Object>>getList("questions")) {
            if (((Number) q.get("id")).longValue() == questionId) {
                for (Object o : (List<?>) q.get("options")) {
                    Map<?, ?> option = (Map<?, ?>) o;
                    texts.put((String) option.get("key"), (String) option.get("text"));
                }
            }
        }
        return texts;
    }

    /**
     * A cheating client: plays every level of the map in practice over and over, once submitting nothing and once
     * answering "A" everywhere, and keeps every key a review shows (as option texts, which survive the shuffle).
     */
    private Map<Long, Set<String>> harvest(String token, List<Long> levels, int runsPerLevel) {
        Map<Long, Set<String>> learnt = new HashMap<>();
        for (long level : levels) {
            for (int run = 0; run < runsPerLevel; run++) {
                JsonPath paper = start(token, level, "PRACTICE").then().statusCode(201).extract().jsonPath();
                List<Map<String, Object>> answers = new ArrayList<>();
                if (run % 2 == 1) {
                    for (Object id : paper.getList("questions.id")) {
                        answers.add(Map.of("questionId", id, "selected", List.of("A")));
                    }
                }
                JsonPath result = submit(token, paper.getLong("attemptId"), answers);
                for (Map<String, Object> review : result.<Map<String, Object>>getList("questions")) {
                    long id = ((Number) review.get("id")).longValue();
                    Object keys = review.get("correctKeys");
                    if (keys != null) {
                        Map<String, String> texts = optionTexts(paper, id);
                        Set<String> right = new HashSet<>();
                        ((List<?>) keys).forEach(k -> right.add(texts.get((String) k)));
                        learnt.put(id, right);
                    }
                }
            }
        }
        return learnt;
    }

    @Test
    void aClientThatHarvestsEveryPracticeReviewKnowsNoExamQuestion() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        String token = Fixtures.login(fixtures.worker(org).phone());
        // the worker reaches the exam level honestly
        Plays.play(fixtures, token, bank.levelIds().get(0), 8);
        Plays.play(fixtures, token, bank.levelIds().get(1), 5);

        // six runs a level: with the two plays above and three exams, within the 30 starts a minute a worker has
        Map<Long, Set<String>> learnt = harvest(token, bank.levelIds(), 6);
        assertTrue(learnt.size() >= 12, "the harvest learnt the learning pool: " + learnt.size());
        Set<Long> leaked = new HashSet<>(learnt.keySet());
        leaked.retainAll(bank.examQuestionIds());
        assertEquals(Set.of(), leaked, "keys of exam questions left the server");

        // the exam: every question on its paper is one the harvest knows nothing about, so all it can do is guess
        long examLevel = bank.levelIds().get(2);
        for (int exam = 0; exam < 3; exam++) {
            JsonPath paper = start(token, examLevel, "CHALLENGE").then().statusCode(201).extract().jsonPath();
            List<Long> ids = paper.getList("questions.id", Long.class);
            assertEquals(5, ids.size());
            for (Long id : ids) {
                assertTrue(bank.examQuestionIds().contains(id), "question " + id + " on the exam is not from the exam pool");
                assertNull(learnt.get(id), "the harvest knew exam question " + id);
            }
            List<Map<String, Object>> answers = new ArrayList<>();
            for (Long id : ids) {
                answers.add(Map.of("questionId", id, "selected", List.of("A")));
            }
            JsonPath result = submit(token, paper.getLong("attemptId"), answers);
            // right or wrong per question, never the key or the explanation, in the answer and when read again
            for (JsonPath review : List.of(result.setRootPath("questions"),
                    given().auth().oauth2(token).get("/api/attempts/" + paper.getLong("attemptId")).then().statusCode(200)
                            .extract().jsonPath().setRootPath("review"))) {
                assertEquals(List.of("EXAM", "EXAM", "EXAM", "EXAM", "EXAM"), review.getList("withheld"));
                assertTrue(review.getList("correctKeys").stream().allMatch(k -> k == null));
                assertTrue(review.getList("explanation").stream().allMatch(k -> k == null));
            }
        }
        // exam mistakes do not enter the 错题本 (it shows keys)
        List<Long> book = given().auth().oauth2(token).queryParam("status", "ALL").queryParam("size", 100).get("/api/me/wrong-answers")
                .then().statusCode(200).extract().jsonPath().getList("items.questionId", Long.class);
        assertTrue(book.stream().noneMatch(bank.examQuestionIds()::contains), "exam questions in the wrong-answer book: " + book);
    }

    @Test
    void practiceOnAnExamLevelDrawsTheLearningPoolAndAReviewShowsKeysOnlyForAnsweredQuestions() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        String token = Fixtures.login(fixtures.worker(org).phone());
        Plays.play(fixtures, token, bank.levelIds().get(0), 8);
        Plays.play(fixtures, token, bank.levelIds().get(1), 5);

        JsonPath practice = start(token, bank.levelIds().get(2), "PRACTICE").then().statusCode(201).extract().jsonPath();
        List<Long> ids = practice.getList("questions.id", Long.class);
        assertTrue(ids.stream().noneMatch(bank.examQuestionIds()::contains), "practice drew exam questions: " + ids);

        // two answered, the rest left empty: keys for the two only
        Map<Long, List<String>> key = fixtures.answerKey(practice.getLong("attemptId"));
        List<Map<String, Object>> answers = List.of(Map.of("questionId", ids.get(0), "selected", key.get(ids.get(0))),
                Map.of("questionId", ids.get(1), "selected", List.of(key.get(ids.get(1)).contains("A") ? "B" : "A")));
        JsonPath result = submit(token, practice.getLong("attemptId"), answers);
        Map<Long, Map<String, Object>> review = new HashMap<>();
        result.<Map<String, Object>>getList("questions").forEach(q -> review.put(((Number) q.get("id")).longValue(), q));
        assertEquals(key.get(ids.get(0)), review.get(ids.get(0)).get("correctKeys"));
        assertEquals(true, review.get(ids.get(0)).get("correct"));
        assertEquals(key.get(ids.get(1)), review.get(ids.get(1)).get("correctKeys"));
        assertNotNull(review.get(ids.get(1)).get("explanation"));
        for (Long unanswered : ids.subList(2, ids.size())) {
            assertEquals("NOT_ANSWERED", review.get(unanswered).get("withheld"));
            assertNull(review.get(unanswered).get("correctKeys"));
            assertNull(review.get(unanswered).get("explanation"));
        }
    }

    @Test
    void anExamLevelThatHasNoExamQuestionsSaysSo() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        fixtures.execute("update question set pool = 'LEARNING' where trade_id = ?", org.tradeId());
        String token = Fixtures.login(fixtures.worker(org).phone());
        Plays.play(fixtures, token, bank.levelIds().get(0), 8);
        Plays.play(fixtures, token, bank.levelIds().get(1), 5);
        // the trade's candidates are cached for 30 s: a new trade's first exam start reads them fresh
        start(token, bank.levelIds().get(2), "CHALLENGE").then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://chuangguan.io/problems/empty-question-bank"));
    }

    @Test
    void anExamCanBeTakenThreeTimesADay() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        String token = Fixtures.login(fixtures.worker(org).phone());
        Plays.play(fixtures, token, bank.levelIds().get(0), 8);
        Plays.play(fixtures, token, bank.levelIds().get(1), 5);
        long exam = bank.levelIds().get(2);
        for (int i = 0; i < 3; i++) {
            long attempt = start(token, exam, "CHALLENGE").then().statusCode(201).extract().jsonPath().getLong("attemptId");
            // a retried start of the one under way is not another exam
            start(token, exam, "CHALLENGE").then().statusCode(200).body("attemptId", equalTo(attempt));
            submit(token, attempt, List.of());
        }
        Response refused = start(token, exam, "CHALLENGE");
        refused.then().statusCode(429).contentType(PROBLEM)
                .body("type", equalTo("https://chuangguan.io/problems/too-many-exam-starts"));
        assertTrue(Long.parseLong(refused.header("Retry-After")) > 23 * 3600);
        // practice of the exam level is not limited by it
        start(token, exam, "PRACTICE").then().statusCode(201);
    }

    @Test
    void startsBeyondTheLimitAre429WithRetryAfter() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        String token = Fixtures.login(fixtures.worker(org).phone());
        for (int i = 0; i < 30; i++) {
            start(token, bank.levelIds().get(0), "PRACTICE").then().statusCode(201);
        }
        Response refused = start(token, bank.levelIds().get(0), "PRACTICE");
        refused.then().statusCode(429).contentType(PROBLEM).body("type", equalTo("https://chuangguan.io/problems/too-many-attempt-starts"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        // the limit is the worker's: a colleague starts as usual
        start(Fixtures.login(fixtures.worker(org).phone()), bank.levelIds().get(0), "PRACTICE").then().statusCode(201);
    }

    @Test
    void attemptsLeftOpenPastTheirTimeAreClosed() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        String token = Fixtures.login(fixtures.worker(org).phone());
        long stale = start(token, bank.levelIds().get(0), "PRACTICE").then().statusCode(201).extract().jsonPath().getLong("attemptId");
        long fresh = start(token, bank.levelIds().get(0), "PRACTICE").then().statusCode(201).extract().jsonPath().getLong("attemptId");
        fixtures.execute("update attempt set started_at = now() - interval '2 hours', expires_at = now() - interval '1 hour'"
                + " where id = ?", stale);

        assertTrue(abandoned.closeAll().await().indefinitely() >= 1);
        assertEquals("TIMED_OUT", fixtures.text("select status from attempt where id = ?", stale));
        assertEquals("OPEN", fixtures.text("select status from attempt where id = ?", fresh));
    }

    @Test
    void sprayingPasswordsFromOneAddressIsStoppedWhateverThePhones() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Account victim = fixtures.worker(org);
        String attacker = "198.51.100." + (1 + new java.util.Random().nextInt(250));
        for (int i = 0; i < 30; i++) {
            given().header("X-Forwarded-For", attacker).contentType(ContentType.JSON)
                    .body(Map.of("phone", Fixtures.newPhone(), "password", "Guess-" + i)).post("/api/auth/login")
                    .then().statusCode(401);
        }
        Response refused = given().header("X-Forwarded-For", attacker).contentType(ContentType.JSON)
                .body(Map.of("phone", victim.phone(), "password", Fixtures.PASSWORD)).post("/api/auth/login");
        refused.then().statusCode(429).contentType(PROBLEM)
                .body("type", equalTo("https://chuangguan.io/problems/too-many-login-failures"));
        assertTrue(Long.parseLong(refused.header("Retry-After")) > 0);
        // from anywhere else the worker logs in as usual
        given().header("X-Forwarded-For", "203.0.113.7").contentType(ContentType.JSON)
                .body(Map.of("phone", victim.phone(), "password", Fixtures.PASSWORD)).post("/api/auth/login")
                .then().statusCode(200).body("accessToken", notNullValue());
    }

    @Test
    void refreshesFromOneAddressAreLimited() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Account worker = fixtures.worker(org);
        String address = "192.0.2." + (1 + new java.util.Random().nextInt(250));
        String refresh = given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(Map.of("phone", worker.phone(), "password", Fixtures.PASSWORD)).post("/api/auth/login")
                .then().statusCode(200).extract().path("refreshToken");
        int refused = 0;
        for (int i = 0; i < 61; i++) {
            Response r = given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                    .body(Map.of("refreshToken", refresh)).post("/api/auth/refresh");
            if (r.statusCode() == 429) {
                refused++;
                continue;
            }
            r.then().statusCode(200);
            refresh = r.path("refreshToken");
        }
        assertEquals(1, refused, "the 61st refresh within a minute is refused");
        given().header("X-Forwarded-For", address).contentType(ContentType.JSON).body(Map.of("refreshToken", refresh))
                .post("/api/auth/refresh").then().statusCode(429).header("Retry-After", Long::parseLong, greaterThan(0L));
    }
}
