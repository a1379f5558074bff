package io.chuangguan.challenge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

@QuarkusTest
class ChallengeResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Fixtures fixtures;

    /** A worker of a fresh trade with its own bank and map. */
    record Setup(Fixtures.Org org, Fixtures.Bank bank, Fixtures.Account worker, String token) {
        long level(int i) {
            return bank.levelIds().get(i);
        }
    }

    private Setup setup() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        Fixtures.Account worker = fixtures.worker(org);
        return new Setup(org, bank, worker, Fixtures.login(worker.phone()));
    }

    private static ExtractableResponse<Response> start(String token, long levelId, String mode) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("mode", mode))
                .post("/api/levels/" + levelId + "/attempts").then().extract();
    }

    private static ExtractableResponse<Response> submit(String token, long attemptId, List<Map<String, Object>> answers) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("answers", answers))
                .post("/api/attempts/" + attemptId + "/submission").then().extract();
    }

    /** Answers so that exactly {@code correctCount} questions are right (the rest get a wrong single key). */
    private List<Map<String, Object>> answers(long attemptId, int correctCount) {
        Map<Long, List<String>> key = fixtures.answerKey(attemptId);
        List<Map<String, Object>> answers = new ArrayList<>();
        int i = 0;
        for (Map.Entry<Long, List<String>> e : key.entrySet()) {
            List<String> selected = i++ < correctCount ? e.getValue() : List.of(wrongKey(e.getValue()));
            answers.add(Map.of("questionId", e.getKey(), "selected", selected));
        }
        return answers;
    }

    private static String wrongKey(List<String> right) {
        return right.contains("A") ? "B" : "A";
    }

    private List<Map<String, Object>> allRight(long attemptId) {
        return answers(attemptId, Integer.MAX_VALUE);
    }

    private String status(Setup s, int index) {
        return given().auth().oauth2(s.token()).get("/api/trades/" + s.org().tradeId() + "/levels").then().statusCode(200)
                .extract().path("[" + index + "].status");
    }

    @Test
    void theMapOpensLevelByLevel() {
        Setup s = setup();
        given().auth().oauth2(s.token()).get("/api/trades/" + s.org().tradeId() + "/levels").then().statusCode(200)
                .body("order", equalTo(List.of(1, 2, 3)))
                .body("status", equalTo(List.of("OPEN", "LOCKED", "LOCKED")))
                .body("exam", equalTo(List.of(false, false, true)))
                .body("grade", equalTo(List.of(5, 5, 5)))
                .body("[0].bestScore", equalTo(null))
                .body("[0].attempts", equalTo(0));
    }

    @Test
    void theDrawFollowsTheRuleAndNeverRepeatsAQuestion() {
        Setup s = setup();
        ExtractableResponse<Response> started = start(s.token(), s.level(0), "CHALLENGE");

        assertEquals(201, started.statusCode());
        List<Long> ids = started.jsonPath().getList("questions.id", Long.class);
        assertEquals(8, ids.size());
        assertEquals(8, new HashSet<>(ids).size());
        long safety = ids.stream().filter(s.bank().questionsByPoint().get("安全")::contains).count();
        long hard = fixtures.count("select count(*) from attempt a join question_version v on v.id = any(a.version_ids)"
                + " where a.id = ? and v.difficulty >= 4", (Object) started.jsonPath().getLong("attemptId"));
        assertTrue(safety >= 3, "at least 3 安全 questions, got " + safety);
        assertTrue(hard >= 2, "at least 2 of difficulty 4-5, got " + hard);
    }

    @Test
    void thePaperCarriesNoKeysAndStaysTheSameOnRefetch() {
        Setup s = setup();
        ExtractableResponse<Response> started = start(s.token(), s.level(0), "CHALLENGE");
        String raw = started.asString();
        long attemptId = started.jsonPath().getLong("attemptId");

        for (String leak : List.of("correct", "explanation", "解析", "answer")) {
            assertFalse(raw.contains(leak), "the paper must not contain " + leak + ": " + raw);
        }
        assertTrue(started.header("Location").endsWith("/api/attempts/" + attemptId));
        Map<String, Object> first = started.jsonPath().getMap("questions[0]");
        assertEquals(Set.of("id", "type", "stem", "options"), first.keySet());

        String again = given().auth().oauth2(s.token()).get("/api/attempts/" + attemptId).then().statusCode(200).extract().asString();
        assertEquals(started.jsonPath().getList("questions"), JsonPath.from(again).getList("questions"));
        assertFalse(again.contains("correct"), again);

        // starting the same level again hands back the open attempt
        ExtractableResponse<Response> restarted = start(s.token(), s.level(0), "CHALLENGE");
        assertEquals(200, restarted.statusCode());
        assertEquals(attemptId, restarted.jsonPath().getLong("attemptId"));
        assertEquals(started.jsonPath().getList("questions"), restarted.jsonPath().getList("questions"));
    }

    @Test
    void everyTypeIsScoredAndMultipleIsAllOrNothing() {
        Setup s = setup();
        // a paper of 8 drawn from 30 nearly always has every type; practise until one does
        long attemptId = 0;
        Map<Long, String> types = new HashMap<>();
        for (int tries = 0; tries < 20 && !types.values().containsAll(List.of("SINGLE", "MULTIPLE", "TRUE_FALSE")); tries++) {
            JsonPath paper = start(s.token(), s.level(0), "PRACTICE").jsonPath();
            attemptId = paper.getLong("attemptId");
            types.clear();
            paper.getList("questions", Map.class).forEach(q -> types.put(((Number) q.get("id")).longValue(), (String) q.get("type")));
        }
        Map<Long, List<String>> key = fixtures.answerKey(attemptId);

        List<Map<String, Object>> answers = new ArrayList<>();
        Set<Long> expectedRight = new HashSet<>();
        Long partial = null;
        for (Map.Entry<Long, List<String>> e : key.entrySet()) {
            if (types.get(e.getKey()).equals("MULTIPLE") && partial == null) {
                partial = e.getKey();
                answers.add(Map.of("questionId", e.getKey(), "selected", e.getValue().subList(0, 1)));
            } else {
                answers.add(Map.of("questionId", e.getKey(), "selected", e.getValue()));
                expectedRight.add(e.getKey());
            }
        }
        assertTrue(types.containsValue("SINGLE") && types.containsValue("TRUE_FALSE") && partial != null, types.toString());

        ExtractableResponse<Response> result = submit(s.token(), attemptId, answers);
        assertEquals(200, result.statusCode());
        assertEquals(7, (int) result.path("correctCount"));
        assertEquals(8, (int) result.path("total"));
        assertEquals(88, (int) result.path("score"));
        Long partialId = partial;
        Map<String, Object> partialReview = result.jsonPath().getList("questions", Map.class).stream()
                .filter(q -> ((Number) q.get("id")).longValue() == partialId).findFirst().orElseThrow();
        assertEquals(false, partialReview.get("correct"));
        assertEquals(key.get(partialId), partialReview.get("correctKeys"));
        assertTrue(((String) partialReview.get("explanation")).contains("解析"));
    }

    @Test
    void passingEarnsStarsAndOpensOnlyTheNextLevel() {
        Setup s = setup();
        long attemptId = start(s.token(), s.level(0), "CHALLENGE").jsonPath().getLong("attemptId");

        submit(s.token(), attemptId, allRight(attemptId)).response().then().statusCode(200)
                .body("score", equalTo(100)).body("passed", equalTo(true)).body("stars", equalTo(3))
                .body("nextLevelUnlocked", equalTo(true)).body("nextLevelId", equalTo((int) s.level(1)));

        assertEquals("PASSED", status(s, 0));
        assertEquals("OPEN", status(s, 1));
        assertEquals("LOCKED", status(s, 2));
        start(s.token(), s.level(2), "CHALLENGE").response().then().statusCode(403).contentType(PROBLEM)
                .body("type", equalTo("https://chuangguan.io/problems/level-locked"));
    }

    @Test
    void aFailedRunEarnsNoStarsAndOpensNothing() {
        Setup s = setup();
        long attemptId = start(s.token(), s.level(0), "CHALLENGE").jsonPath().getLong("attemptId");

        submit(s.token(), attemptId, answers(attemptId, 4)).response().then().statusCode(200)
                .body("score", equalTo(50)).body("passed", equalTo(false)).body("stars", equalTo(0))
                .body("nextLevelUnlocked", equalTo(false));
        assertEquals("OPEN", status(s, 0));
        assertEquals("LOCKED", status(s, 1));
    }

    @Test
    void onlyImprovementsEarnPointsInEveryPeriod() {
        Setup s = setup();
        long first = start(s.token(), s.level(0), "CHALLENGE").jsonPath().getLong("attemptId");
        submit(s.token(), first, answers(first, 5)).response().then().body("score", equalTo(63)).body("pointsEarned", equalTo(63));
        long worse = start(s.token(), s.level(0), "CHALLENGE").jsonPath().getLong("attemptId");
        submit(s.token(), worse, answers(worse, 4)).response().then().body("score", equalTo(50)).body("pointsEarned", equalTo(0))
                .body("bestScore", equalTo(63));
        long better = start(s.token(), s.level(0), "CHALLENGE").jsonPath().getLong("attemptId");
        submit(s.token(), better, allRight(better)).response().then().body("pointsEarned", equalTo(37)).body("bestScore", equalTo(100));

        assertEquals(3, fixtures.count("select count(*) from point_total where account_id = ?", s.worker().id()));
        assertEquals(300, fixtures.count("select sum(points) from point_total where account_id = ?", s.worker().id()));
        assertEquals(100, fixtures.count("select points from point_total where account_id = ? and period = 'ALL'", s.worker().id()));
        given().auth().oauth2(s.token()).get("/api/trades/" + s.org().tradeId() + "/levels").then()
                .body("[0].bestScore", equalTo(100)).body("[0].attempts", equalTo(3));
    }

    @Test
    void aSecondSubmissionReturnsTheFirstResult() {
        Setup s = setup();
        long attemptId = start(s.token(), s.level(0), "CHALLENGE").jsonPath().getLong("attemptId");
        String first = submit(s.token(), attemptId, answers(attemptId, 6)).asString();

        ExtractableResponse<Response> second = submit(s.token(), attemptId, allRight(attemptId));

        assertEquals(200, second.statusCode());
        assertEquals(JsonPath.from(first).getMap(""), second.jsonPath().getMap(""));
        assertEquals(75, fixtures.count("select points from point_total where account_id = ? and period = 'ALL'", s.worker().id()));
    }

    @Test
    void tenSubmissionsAtOnceProduceExactlyOneResult() throws Exception {
        Setup s = setup();
        long attemptId = start(s.token(), s.level(0), "CHALLENGE").jsonPath().getLong("attemptId");
        List<Map<String, Object>> answers = allRight(attemptId);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<CompletableFuture<ExtractableResponse<Response>>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return submit(s.token(), attemptId, answers);
                }, pool));
            }
            go.countDown();
            Set<Map<String, Object>> bodies = new HashSet<>();
            for (CompletableFuture<ExtractableResponse<Response>> call : calls) {
                ExtractableResponse<Response> response = call.get();
                assertEquals(200, response.statusCode(), response.asString());
                bodies.add(response.jsonPath().getMap(""));
            }
            assertEquals(1, bodies.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(100, fixtures.count("select points from point_total where account_id = ? and period = 'ALL'", s.worker().id()));
        assertEquals(1, fixtures.count("select count(*) from attempt where id = ? and status = 'SUBMITTED'", attemptId));
    }

    @Test
    void startsAtOnceShareOneAttemptAlsoAfterAnExpiredOne() throws Exception {
        Setup s = setup();
        List<ExtractableResponse<Response>> fresh = startsAtOnce(s, 6);
        long first = fresh.get(0).jsonPath().getLong("attemptId");
        assertEquals(1, fresh.stream().filter(r -> r.statusCode() == 201).count());
        assertTrue(fresh.stream().allMatch(r -> r.statusCode() / 100 == 2 && r.jsonPath().getLong("attemptId") == first));

        // the open CHALLENGE runs out: the next starts close it once and share one new attempt
        fixtures.execute("update attempt set expires_at = now() - interval '5 minutes' where id = ?", first);
        List<ExtractableResponse<Response>> after = startsAtOnce(s, 6);
        long second = after.get(0).jsonPath().getLong("attemptId");
        assertTrue(second != first);
        assertEquals(1, after.stream().filter(r -> r.statusCode() == 201).count());
        assertTrue(after.stream().allMatch(r -> r.statusCode() / 100 == 2 && r.jsonPath().getLong("attemptId") == second));
        assertEquals(1, fixtures.count("select count(*) from attempt where id = ? and status = 'TIMED_OUT'", first));
        assertEquals(2, fixtures.count("select challenge_attempts from level_progress where account_id = ?", s.worker().id()));
    }

    @Test
    void manyWorkersAtOnceEachGetTheirOwnAttemptScoreAndPoints() throws Exception {
        Setup s = setup();
        int workers = 24;
        List<Fixtures.Account> accounts = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Fixtures.Account worker = fixtures.worker(s.org());
            accounts.add(worker);
            tokens.add(Fixtures.login(worker.phone()));
        }
        // every worker starts at the same moment, then submits at the same moment with i right answers (of 8)
        List<ExtractableResponse<Response>> starts = atOnce(workers, i -> start(tokens.get(i), s.level(0), "CHALLENGE"));
        List<Long> attemptIds = starts.stream().map(r -> {
            assertEquals(201, r.statusCode());
            return r.jsonPath().getLong("attemptId");
        }).toList();
        assertEquals(workers, new HashSet<>(attemptIds).size());
        List<List<Map<String, Object>>> answers = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            answers.add(answers(attemptIds.get(i), i % 9));
        }
        List<ExtractableResponse<Response>> submissions = atOnce(workers, i -> submit(tokens.get(i), attemptIds.get(i), answers.get(i)));

        for (int i = 0; i < workers; i++) {
            int score = Math.round(100f * (i % 9) / 8);
            long account = accounts.get(i).id();
            JsonPath result = submissions.get(i).jsonPath();
            assertEquals(200, submissions.get(i).statusCode());
            assertEquals(attemptIds.get(i), result.getLong("attemptId"));
            assertEquals(score, result.getInt("score"));
            assertEquals(score, result.getInt("pointsEarned"));
            assertEquals(1, fixtures.count("select count(*) from attempt where id = ? and account_id = ? and status = 'SUBMITTED'"
                    + " and score = ?", attemptIds.get(i), account, score));
            assertEquals(score, fixtures.count("select best_score from level_progress where account_id = ? and level_id = ?",
                    account, s.level(0)));
            assertEquals(1, fixtures.count("select challenge_attempts from level_progress where account_id = ? and level_id = ?",
                    account, s.level(0)));
            assertEquals(score == 0 ? 0 : 3, fixtures.count("select count(*) from point_total where account_id = ? and points = ?",
                    account, score));
        }
    }

    /** Runs {@code call} for 0..count-1 on as many threads, released together; the answers in index order. */
    private static <T> List<T> atOnce(int count, java.util.function.IntFunction<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<CompletableFuture<T>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return call.apply(index);
                }, pool));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (CompletableFuture<T> c : calls) {
                results.add(c.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private List<ExtractableResponse<Response>> startsAtOnce(Setup s, int count) throws Exception {
        return atOnce(count, i -> start(s.token(), s.level(0), "CHALLENGE"));
    }

    @Test
    void aLateSubmissionIsRefusedAndClosesTheAttempt() {
        Setup s = setup();
        long attemptId = start(s.token(), s.level(0), "CHALLENGE").jsonPath().getLong("attemptId");
        fixtures.execute("update attempt set expires_at = now() - interval '5 minutes' where id = ?", attemptId);

        submit(s.token(), attemptId, allRight(attemptId)).response().then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://chuangguan.io/problems/attempt-timed-out"));

        assertEquals(1, fixtures.count("select count(*) from attempt where id = ? and status = 'TIMED_OUT' and score is null", attemptId));
        assertEquals(0, fixtures.count("select count(*) from point_total where account_id = ?", s.worker().id()));
        // a new start is a fresh attempt
        assertEquals(201, start(s.token(), s.level(0), "CHALLENGE").statusCode());
    }

    @Test
    void malformedAnswersAre422AndRecordNothing() {
        Setup s = setup();
        // a paper with a SINGLE and a TRUE_FALSE question: about one paper of 8 drawn from 30 in 25 has no TRUE_FALSE
        long attemptId = 0;
        Map<Long, String> types = new HashMap<>();
        for (int tries = 0; tries < 20 && !(types.containsValue("SINGLE") && types.containsValue("TRUE_FALSE")); tries++) {
            attemptId = start(s.token(), s.level(0), "PRACTICE").jsonPath().getLong("attemptId");
            types.clear();
            given().auth().oauth2(s.token()).get("/api/attempts/" + attemptId).then().extract().jsonPath()
                    .getList("questions", Map.class).forEach(q -> types.put(((Number) q.get("id")).longValue(), (String) q.get("type")));
        }
        long single = types.entrySet().stream().filter(e -> e.getValue().equals("SINGLE")).findFirst().orElseThrow().getKey();
        long trueFalse = types.entrySet().stream().filter(e -> e.getValue().equals("TRUE_FALSE")).findFirst().orElseThrow().getKey();
        long foreign = s.bank().questionsByPoint().get("工艺").stream().filter(id -> !types.containsKey(id)).findFirst().orElseThrow();

        submit(s.token(), attemptId, List.of(Map.of("questionId", foreign, "selected", List.of("A")))).response().then()
                .statusCode(422).contentType(PROBLEM).body("violations[0].field", equalTo("answers[0].questionId"));
        submit(s.token(), attemptId, List.of(Map.of("questionId", trueFalse, "selected", List.of("C")))).response().then()
                .statusCode(422).body("violations[0].field", equalTo("answers[0].selected"));
        submit(s.token(), attemptId, List.of(Map.of("questionId", single, "selected", List.of("A", "B")))).response().then()
                .statusCode(422).body("violations[0].message", equalTo("a SINGLE question takes one option"));
        submit(s.token(), attemptId, List.of(Map.of("questionId", single, "selected", List.of("Z")))).response().then()
                .statusCode(400).body("violations.field", hasItem("answers[0].selected[0]"));

        assertEquals(1, fixtures.count("select count(*) from attempt where id = ? and status = 'OPEN'", attemptId));
        assertEquals(0, fixtures.count("select count(*) from attempt where id = ? and (selected is not null or correct is not null)", attemptId));
        given().auth().oauth2(s.token()).get("/api/me/wrong-answers").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void anotherWorkersAttemptIsNotFound() {
        Setup s = setup();
        long attemptId = start(s.token(), s.level(0), "CHALLENGE").jsonPath().getLong("attemptId");
        String colleague = Fixtures.login(fixtures.worker(s.org()).phone());

        given().auth().oauth2(colleague).get("/api/attempts/" + attemptId).then().statusCode(404).contentType(PROBLEM);
        submit(colleague, attemptId, allRight(attemptId)).response().then().statusCode(404).contentType(PROBLEM);
        assertEquals(1, fixtures.count("select count(*) from attempt where id = ? and status = 'OPEN'", attemptId));
    }

    @Test
    void aWorkerOfAnotherTradeCannotStartOrReadTheMap() {
        Setup s = setup();
        Fixtures.Org other = fixtures.org();
        String stranger = Fixtures.login(fixtures.worker(other).phone());

        start(stranger, s.level(0), "CHALLENGE").response().then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(stranger).get("/api/trades/" + s.org().tradeId() + "/levels").then().statusCode(403);
        start(s.token(), 999_999_999L, "CHALLENGE").response().then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(s.token()).contentType(ContentType.JSON).body(Map.of("mode", "SPRINT"))
                .post("/api/levels/" + s.level(0) + "/attempts").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void practiceScoresButNeverUnlocksOrEarnsPoints() {
        Setup s = setup();
        long attemptId = start(s.token(), s.level(0), "PRACTICE").jsonPath().getLong("attemptId");

        submit(s.token(), attemptId, allRight(attemptId)).response().then().statusCode(200)
                .body("mode", equalTo("PRACTICE")).body("score", equalTo(100)).body("passed", equalTo(true))
                .body("pointsEarned", equalTo(0)).body("nextLevelUnlocked", equalTo(false));

        assertEquals("OPEN", status(s, 0));
        assertEquals("LOCKED", status(s, 1));
        assertEquals(0, fixtures.count("select count(*) from point_total where account_id = ?", s.worker().id()));
        // practice attempts are never handed back as "the open one"
        assertEquals(201, start(s.token(), s.level(0), "PRACTICE").statusCode());
    }

    @Test
    void theWrongAnswerBookFillsAndEmpties() {
        Setup s = setup();
        long attemptId = start(s.token(), s.level(0), "CHALLENGE").jsonPath().getLong("attemptId");
        submit(s.token(), attemptId, answers(attemptId, 5)).response().then().statusCode(200);

        ExtractableResponse<Response> book = given().auth().oauth2(s.token()).get("/api/me/wrong-answers").then().statusCode(200).extract();
        assertEquals(3, (int) book.path("total"));
        assertEquals(1, (int) book.path("items[0].wrongCount"));
        assertEquals(false, book.path("items[0].mastered"));
        assertTrue(book.jsonPath().getList("items[0].knowledgePoints").size() == 1);

        ExtractableResponse<Response> practice = given().auth().oauth2(s.token()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/me/wrong-answers/practice").then().statusCode(201).extract();
        long practiceId = practice.jsonPath().getLong("attemptId");
        assertEquals(new HashSet<>(book.jsonPath().getList("items.questionId", Long.class)),
                new HashSet<>(practice.jsonPath().getList("questions.id", Long.class)));
        submit(s.token(), practiceId, allRight(practiceId)).response().then().statusCode(200).body("score", equalTo(100));

        given().auth().oauth2(s.token()).get("/api/me/wrong-answers").then().body("total", equalTo(0));
        given().auth().oauth2(s.token()).queryParam("status", "MASTERED").get("/api/me/wrong-answers").then().body("total", equalTo(3));
        given().auth().oauth2(s.token()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/me/wrong-answers/practice").then().statusCode(409).contentType(PROBLEM);

        // a mastered question answered wrong again reopens with its count; a question left unanswered is no mistake
        List<Long> mastered = book.jsonPath().getList("items.questionId", Long.class);
        long againId = start(s.token(), s.level(0), "PRACTICE").jsonPath().getLong("attemptId");
        List<Map<String, Object>> again = new ArrayList<>();
        Long skipped = null;
        for (Map.Entry<Long, List<String>> e : fixtures.answerKey(againId).entrySet()) {
            if (skipped == null && !mastered.contains(e.getKey())) {
                skipped = e.getKey();
                again.add(Map.of("questionId", e.getKey(), "selected", List.of()));
            } else {
                again.add(Map.of("questionId", e.getKey(), "selected", List.of(wrongKey(e.getValue()))));
            }
        }
        submit(s.token(), againId, again).response().then().statusCode(200);
        ExtractableResponse<Response> reopened = given().auth().oauth2(s.token()).queryParam("size", 50).get("/api/me/wrong-answers")
                .then().statusCode(200).extract();
        List<Long> open = reopened.jsonPath().getList("items.questionId", Long.class);
        assertEquals(again.size() - 1, open.size());
        assertTrue(!open.contains(skipped), "an unanswered question stays out of the book");
        for (int i = 0; i < open.size(); i++) {
            assertEquals(mastered.contains(open.get(i)) ? 2 : 1, (int) reopened.path("items[" + i + "].wrongCount"));
        }
        given().auth().oauth2(s.token()).queryParam("status", "MASTERED").get("/api/me/wrong-answers").then()
                .body("total", equalTo((int) mastered.stream().filter(q -> !open.contains(q)).count()));
        // pages of the book, newest mistakes first, each with the whole count; past the end an empty page still counts
        given().auth().oauth2(s.token()).queryParam("size", 2).queryParam("page", 1).get("/api/me/wrong-answers").then()
                .body("total", equalTo(open.size())).body("items.questionId", equalTo(open.subList(2, 4).stream().map(Long::intValue).toList()));
        given().auth().oauth2(s.token()).queryParam("size", 2).queryParam("page", 50).get("/api/me/wrong-answers").then()
                .body("total", equalTo(open.size())).body("items", org.hamcrest.Matchers.empty());
    }

    @Test
    void historyListsAttemptsNewestFirstAndReviewsClosedOnes() {
        Setup s = setup();
        long first = start(s.token(), s.level(0), "CHALLENGE").jsonPath().getLong("attemptId");
        submit(s.token(), first, allRight(first));
        long second = start(s.token(), s.level(1), "PRACTICE").jsonPath().getLong("attemptId");

        given().auth().oauth2(s.token()).get("/api/me/attempts").then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.attemptId", equalTo(List.of(second, first)))
                .body("items[1].score", equalTo(100))
                .body("items[1].levelName", equalTo("第1关"));
        given().auth().oauth2(s.token()).get("/api/attempts/" + first).then().statusCode(200)
                .body("status", equalTo("SUBMITTED"))
                .body("result.score", equalTo(100))
                .body("review.size()", equalTo(8))
                .body("review[0].explanation", org.hamcrest.Matchers.containsString("解析"));
    }

    /** A worker token without a trade (issued by an older version, or hand-made): a refusal, never a 500. */
    @Test
    void aWorkerTokenWithoutATradeIsRefusedNotAnError() {
        Fixtures.Account worker = fixtures.worker(fixtures.org());
        String token = io.smallrye.jwt.build.Jwt.issuer("https://chuangguan.io").subject(Long.toString(worker.id()))
                .groups(Set.of("WORKER")).expiresIn(java.time.Duration.ofMinutes(5)).sign();
        for (String path : List.of("/api/me/wrong-answers", "/api/me/wrong-answers?status=ALL")) {
            given().auth().oauth2(token).get(path).then().statusCode(403).contentType("application/problem+json");
        }
    }
}
