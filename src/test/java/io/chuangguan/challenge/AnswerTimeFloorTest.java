package io.chuangguan.challenge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.chuangguan.TestClock;
import io.chuangguan.integrity.AnswerCopies;
import io.chuangguan.integrity.IntegrityScanner;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The answer-time floor as production has it (3 s a question, on the server's clock) and the integrity flags that
 * union admins review. Runs are played at pinned instants in the past, so no test waits.
 */
@QuarkusTest
@TestProfile(AnswerTimeFloorTest.WithTheFloor.class)
class AnswerTimeFloorTest {

    public static class WithTheFloor implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the scan runs when the tests ask for it
            return Map.of("app.challenge.min-seconds-per-question", "3", "app.integrity.scan-every", "1h");
        }
    }

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Fixtures fixtures;
    @Inject
    IntegrityScanner scanner;
    @Inject
    AnswerCopies copies;

    @AfterEach
    void releaseClock() {
        TestClock.release();
    }

    record Setup(Fixtures.Org org, Fixtures.Bank bank, Fixtures.Account worker, String token) {
    }

    private Setup setup() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        Fixtures.Account worker = fixtures.worker(org);
        return new Setup(org, bank, worker, Fixtures.login(worker.phone()));
    }

    /**
     * Starts a CHALLENGE at {@code at} and submits it {@code seconds} later, right on {@code correct} questions
     * ("A" as the author wrote it on the others, for a run two workers can answer alike).
     */
    private JsonPath play(String token, long level, Instant at, int seconds, int correct, String device) {
        TestClock.pin(at);
        var request = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("mode", "CHALLENGE"));
        if (device != null) {
            request.header("X-Device-Id", device);
        }
        long attempt = request.post("/api/levels/" + level + "/attempts").then().statusCode(201).extract().jsonPath().getLong("attemptId");
        Map<Long, List<String>> key = fixtures.answerKey(attempt);
        List<Map<String, Object>> answers = new ArrayList<>();
        int i = 0;
        for (Map.Entry<Long, List<String>> q : key.entrySet()) {
            List<String> selected = i++ < correct ? q.getValue() : List.of(fixtures.shownKey(attempt, q.getKey(), "A"));
            answers.add(Map.of("questionId", q.getKey(), "selected", selected));
        }
        TestClock.pin(at.plusSeconds(seconds));
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("answers", answers))
                .post("/api/attempts/" + attempt + "/submission").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath flags(String token, long workerId) {
        return given().auth().oauth2(token).queryParam("workerId", workerId).get("/api/integrity-flags").then().statusCode(200)
                .extract().jsonPath();
    }

    /**
     * Scans until the worker has a flag of the kind: the runs here were played at pinned instants hours ago, behind
     * the scan's watermark, so it looks from the start; runs are compared for copies at once too. SHARED_DEVICE comes
     * a moment after the submission.
     */
    private void scan() {
        fixtures.execute("delete from job_watermark");
        scanner.scan().await().indefinitely();
        copies.compareDirtyLevels().await().indefinitely();
    }

    private void awaitFlag(long workerId, String kind) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            scan();
            return fixtures.count("select count(*) from integrity_flag where account_id = ? and kind = ?", workerId, kind) > 0;
        });
    }

    @Test
    void aRunFasterThanTheFloorIsKeptButEarnsNothingOpensNothingAndCountsForNoPromotion() {
        Setup s = setup();
        Instant t0 = Instant.now().minus(Duration.ofHours(3));
        long first = s.bank().levelIds().get(0);

        JsonPath fast = play(s.token(), first, t0, 5, 8, null);
        assertEquals(100, fast.getInt("score"));
        assertEquals(false, fast.getBoolean("counted"));
        assertEquals("TOO_FAST", fast.getString("notCountedReason"));
        assertEquals(24, fast.getInt("minimumSeconds")); // 8 questions × 3 s
        assertEquals(0, fast.getInt("pointsEarned"));
        assertEquals(false, fast.getBoolean("nextLevelUnlocked"));
        long attempt = fast.getLong("attemptId");
        assertEquals("5000", fixtures.text("select elapsed_ms::text from attempt where id = ?", attempt));
        assertEquals("false", fixtures.text("select counted::text from attempt where id = ?", attempt));
        assertEquals(0, fixtures.count("select count(*) from point_total where account_id = ?", s.worker().id()));
        given().auth().oauth2(s.token()).get("/api/trades/" + s.org().tradeId() + "/levels").then().statusCode(200)
                .body("[0].status", equalTo("OPEN")).body("[1].status", equalTo("LOCKED"));
        // read again later, the attempt still says why
        given().auth().oauth2(s.token()).get("/api/attempts/" + attempt).then().statusCode(200)
                .body("result.counted", equalTo(false)).body("result.notCountedReason", equalTo("TOO_FAST"));

        JsonPath steady = play(s.token(), first, t0.plusSeconds(120), 30, 8, null);
        assertEquals(true, steady.getBoolean("counted"));
        assertEquals(100, steady.getInt("pointsEarned"));
        assertEquals(true, steady.getBoolean("nextLevelUnlocked"));
        assertEquals("30000", fixtures.text("select elapsed_ms::text from attempt where id = ?", steady.getLong("attemptId")));

        // the exam: passed too fast it is missing from the promotion checklist, passed at a reading pace it is there
        play(s.token(), s.bank().levelIds().get(1), t0.plusSeconds(300), 20, 5, null);
        play(s.token(), s.bank().levelIds().get(2), t0.plusSeconds(400), 3, 5, null);
        TestClock.release();
        given().auth().oauth2(s.token()).get("/api/me/promotion-eligibility").then().statusCode(200)
                .body("conditions[0].met", equalTo(false)).body("conditions[0].missingLevels.name", hasItem("第3关"));
        play(s.token(), s.bank().levelIds().get(2), t0.plusSeconds(600), 16, 5, null);
        TestClock.release();
        given().auth().oauth2(s.token()).get("/api/me/promotion-eligibility").then().statusCode(200)
                .body("conditions[0].met", equalTo(true)).body("eligible", equalTo(true));
    }

    @Test
    void aTooFastRunIsFlaggedForTheUnionAdminInScopeWhoReviewsItOnce() {
        Setup s = setup();
        Instant t0 = Instant.now().minus(Duration.ofHours(3));
        long attempt = play(s.token(), s.bank().levelIds().get(0), t0, 2, 8, null).getLong("attemptId");
        TestClock.release();
        awaitFlag(s.worker().id(), "TOO_FAST");

        String union = Fixtures.login(fixtures.unionAdminOfRegion(s.org().cityId()).phone());
        JsonPath flags = flags(union, s.worker().id());
        int i = flags.getList("items.kind").indexOf("TOO_FAST");
        assertEquals(attempt, flags.getLong("items[" + i + "].attemptId"));
        assertEquals("OPEN", flags.getString("items[" + i + "].status"));
        assertEquals(2.0f, flags.getFloat("items[" + i + "].detail.elapsedSeconds"));
        assertEquals(24, flags.getInt("items[" + i + "].detail.floorSeconds"));
        long flagId = flags.getLong("items[" + i + "].id");

        String stranger = Fixtures.login(fixtures.unionAdminOfRegion(fixtures.org().cityId()).phone());
        assertEquals(0, flags(stranger, s.worker().id()).getInt("total"));
        given().auth().oauth2(stranger).contentType(ContentType.JSON).body(Map.of("decision", "CLEAR"))
                .post("/api/integrity-flags/" + flagId + "/review").then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(s.token()).get("/api/integrity-flags").then().statusCode(403).contentType(PROBLEM);

        given().auth().oauth2(union).contentType(ContentType.JSON).body(Map.of("decision", "CLEAR", "note", "网络延迟，已核实"))
                .post("/api/integrity-flags/" + flagId + "/review").then().statusCode(200).body("status", equalTo("CLEARED"))
                .body("note", equalTo("网络延迟，已核实"));
        given().auth().oauth2(union).contentType(ContentType.JSON).body(Map.of("decision", "CONFIRM"))
                .post("/api/integrity-flags/" + flagId + "/review").then().statusCode(409).contentType(PROBLEM);
        assertEquals(1, fixtures.count("select count(*) from audit_log where subject = ?", "integrity_flag:" + flagId));
        // scanning again raises nothing new for the same run
        scan();
        assertEquals(1, fixtures.count("select count(*) from integrity_flag where account_id = ? and kind = 'TOO_FAST'", s.worker().id()));
    }

    @Test
    void perfectRunsOneAfterAnotherJustOverTheFloorAreFlagged() {
        Setup s = setup();
        Instant t0 = Instant.now().minus(Duration.ofHours(3));
        for (int run = 0; run < 5; run++) {
            // 30 s for 8 questions: over the 24 s floor (they count), under twice it
            assertEquals(true, play(s.token(), s.bank().levelIds().get(0), t0.plusSeconds(60L * run), 30, 8, null).getBoolean("counted"));
        }
        TestClock.release();
        awaitFlag(s.worker().id(), "PERFECT_STREAK");

        Setup honest = setup();
        for (int run = 0; run < 5; run++) {
            play(honest.token(), honest.bank().levelIds().get(0), t0.plusSeconds(60L * run), 30, run == 2 ? 7 : 8, null);
        }
        TestClock.release();
        scan();
        assertEquals(0, fixtures.count("select count(*) from integrity_flag where account_id = ? and kind = 'PERFECT_STREAK'",
                honest.worker().id()));
    }

    @Test
    void oneDevicePlayingThreeAccountsFlagsEachOfThem() {
        Setup s = setup();
        String device = "test-device-" + System.nanoTime();
        Instant t0 = Instant.now().minus(Duration.ofHours(3));
        List<Fixtures.Account> workers = List.of(s.worker(), fixtures.worker(s.org()), fixtures.worker(s.org()));
        for (int i = 0; i < workers.size(); i++) {
            play(Fixtures.login(workers.get(i).phone()), s.bank().levelIds().get(0), t0.plusSeconds(100L * i), 40, 6, device);
        }
        TestClock.release();
        for (Fixtures.Account worker : workers) {
            awaitFlag(worker.id(), "SHARED_DEVICE");
        }
        // two accounts on one phone (a couple sharing it) are not a finding
        Setup pair = setup();
        String shared = "test-device-" + System.nanoTime();
        play(pair.token(), pair.bank().levelIds().get(0), t0, 40, 6, shared);
        Fixtures.Account partner = fixtures.worker(pair.org());
        play(Fixtures.login(partner.phone()), pair.bank().levelIds().get(0), t0.plusSeconds(100), 40, 6, shared);
        TestClock.release();
        scan();
        assertEquals(0, fixtures.count("select count(*) from integrity_flag where account_id in (?, ?) and kind = 'SHARED_DEVICE'",
                pair.worker().id(), partner.id()));
    }

    @Test
    void twoAccountsAnsweringALevelAlikeAtTheSameTimeAreFlaggedAndTheirReviewerSeesIt() {
        Setup s = setup();
        // level 1 shows all 18 learning questions, so both papers hold the same ones (in their own order)
        fixtures.execute("update level set question_count = 18, draw_rule = '{\"parts\":[]}' where id = ?", s.bank().levelIds().get(0));
        Fixtures.Account copier = fixtures.worker(s.org());
        String copierToken = Fixtures.login(copier.phone());
        Instant t0 = Instant.now().minus(Duration.ofHours(3));
        // 11 of 18 right passes the level; the same 7 wrong, each the same wrong option
        play(s.token(), s.bank().levelIds().get(0), t0, 120, 11, null);
        play(copierToken, s.bank().levelIds().get(0), t0.plusSeconds(90), 120, 11, null);
        // someone else on the level, answering in their own way, is not
        Fixtures.Account other = fixtures.worker(s.org());
        play(Fixtures.login(other.phone()), s.bank().levelIds().get(0), t0.plusSeconds(60), 120, 18, null);
        TestClock.release();
        awaitFlag(s.worker().id(), "IDENTICAL_ANSWERS");
        awaitFlag(copier.id(), "IDENTICAL_ANSWERS");
        assertEquals(0, fixtures.count("select count(*) from integrity_flag where account_id = ? and kind = 'IDENTICAL_ANSWERS'", other.id()));

        // the copier applies for grade 5: the reviewer sees the flag next to the evidence
        fixtures.execute("update level set question_count = 8 where id = ?", s.bank().levelIds().get(0));
        play(copierToken, s.bank().levelIds().get(1), t0.plusSeconds(600), 30, 5, null);
        play(copierToken, s.bank().levelIds().get(2), t0.plusSeconds(700), 30, 5, null);
        TestClock.release();
        long application = given().auth().oauth2(copierToken).contentType(ContentType.JSON).body(Map.of())
                .post("/api/promotion-applications").then().statusCode(201).body("flags", equalTo(null))
                .extract().jsonPath().getLong("id");
        String union = Fixtures.login(fixtures.unionAdminOfRegion(s.org().cityId()).phone());
        given().auth().oauth2(union).queryParam("status", "PENDING").get("/api/promotion-applications").then().statusCode(200)
                .body("items.find { it.id == " + application + " }.flags.kind", hasItem("IDENTICAL_ANSWERS"));
        given().auth().oauth2(union).contentType(ContentType.JSON).body(Map.of("decision", "REJECT", "comment", "答案雷同，待核实"))
                .post("/api/promotion-applications/" + application + "/decision").then().statusCode(200)
                .body("flags.kind", hasItem("IDENTICAL_ANSWERS")).body("flags.kind", not(hasItem("TOO_FAST")));
        assertTrue(fixtures.count("select count(*) from integrity_flag where account_id = ?", copier.id()) >= 1);
    }

    /** Submits a contest run at {@code at}, right on every question but the first {@code wrong}. */
    private JsonPath submitContestRun(String token, long contestId, long runId, Instant at, int wrong) {
        List<Map<String, Object>> answers = new ArrayList<>();
        int i = 0;
        for (Map.Entry<Long, List<String>> e : fixtures.contestAnswerKey(runId).entrySet()) {
            List<String> selected = i++ < wrong ? List.of(e.getValue().contains("A") ? "B" : "A") : e.getValue();
            answers.add(Map.of("questionId", e.getKey(), "selected", selected));
        }
        TestClock.pin(at);
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("answers", answers))
                .post("/api/contests/" + contestId + "/runs/" + runId + "/submission").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aContestRunUnderTheFloorIsKeptButRanksNowhereAndPromotesNobody() {
        Setup s = setup();
        Fixtures.Account steady = fixtures.worker(s.org());
        String steadyToken = Fixtures.login(steady.phone());
        String city = Fixtures.login(fixtures.unionAdminOfRegion(s.org().cityId()).phone());
        String trainer = Fixtures.login(fixtures.trainer(s.org().industryId()).phone());
        Instant now = Instant.now();
        Map<String, Object> draft = new java.util.LinkedHashMap<>();
        draft.put("name", "快手赛");
        draft.put("tier", "CITY");
        draft.put("organiser", "region:" + s.org().cityId());
        draft.put("tradeId", s.org().tradeId());
        draft.put("format", "INDIVIDUAL");
        draft.put("registrationOpens", now.minusSeconds(3600).toString());
        draft.put("registrationCloses", now.plusSeconds(3600).toString());
        draft.put("startsAt", now.plusSeconds(7200).toString());
        draft.put("endsAt", now.plusSeconds(10800).toString());
        draft.put("durationSeconds", 1800);
        draft.put("promoteTop", 1);
        long id = given().auth().oauth2(city).contentType(ContentType.JSON).body(draft).post("/api/contests").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        String contest = "/api/contests/" + id;
        List<Long> paper = s.bank().questionsByPoint().values().stream().flatMap(List::stream)
                .filter(q -> !s.bank().examQuestionIds().contains(q)).toList();
        given().auth().oauth2(trainer).contentType(ContentType.JSON).body(Map.of("questionIds", paper)).put(contest + "/paper")
                .then().statusCode(200);
        given().auth().oauth2(city).post(contest + "/publish").then().statusCode(200);
        given().auth().oauth2(s.token()).post(contest + "/registrations").then().statusCode(200);
        given().auth().oauth2(steadyToken).post(contest + "/registrations").then().statusCode(200);
        fixtures.execute("update contest set registration_opens = now() - interval '2 hours', registration_closes = now() - interval '2 minutes',"
                + " starts_at = now() - interval '1 minute', ends_at = now() + interval '1 hour' where id = ?", id);

        int floor = 3 * paper.size();
        Instant t0 = Instant.now();
        TestClock.pin(t0);
        long fastRun = given().auth().oauth2(s.token()).post(contest + "/runs").then().statusCode(201).extract().jsonPath().getLong("runId");
        long steadyRun = given().auth().oauth2(steadyToken).post(contest + "/runs").then().statusCode(201).extract().jsonPath().getLong("runId");

        // all right in five seconds: kept with its score and the reason, on no board
        JsonPath fast = submitContestRun(s.token(), id, fastRun, t0.plusSeconds(5), 0);
        assertEquals("TOO_FAST", fast.getString("status"));
        assertEquals(100, fast.getInt("score"));
        assertEquals("TOO_FAST", fast.getString("notCountedReason"));
        assertEquals(floor, fast.getInt("minimumSeconds"));
        assertEquals("TOO_FAST", submitContestRun(s.token(), id, fastRun, t0.plusSeconds(6), 0).getString("status"),
                "a repeat gets the first result");
        // one wrong, at the pace of someone reading the questions: counted, and alone on the board
        JsonPath steadyResult = submitContestRun(steadyToken, id, steadyRun, t0.plusSeconds(floor + 1), 1);
        assertEquals("SUBMITTED", steadyResult.getString("status"));
        assertEquals(null, steadyResult.getString("notCountedReason"));
        JsonPath board = given().auth().oauth2(city).get(contest + "/board").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(steady.id()), board.getList("people.id", Long.class));
        fixtures.redis("DEL", "cg:contest:{C:" + id + "}:people");
        assertEquals(List.of(steady.id()), given().auth().oauth2(city).get(contest + "/board").then().statusCode(200)
                .extract().jsonPath().getList("people.id", Long.class), "nor does the rebuild from PostgreSQL place it");
        // the run used the worker's one start
        given().auth().oauth2(s.token()).post(contest + "/runs").then().statusCode(409).contentType(PROBLEM);
        JsonPath monitor = given().auth().oauth2(city).get(contest + "/monitor").then().statusCode(200).extract().jsonPath();
        assertEquals(1, monitor.getInt("submitted"));
        assertEquals(1, monitor.getInt("tooFast"));

        TestClock.release();
        fixtures.execute("update contest set registration_opens = now() - interval '4 hours', registration_closes = now() - interval '3 hours',"
                + " starts_at = now() - interval '2 hours', ends_at = now() - interval '10 minutes' where id = ?", id);
        JsonPath results = given().auth().oauth2(city).post(contest + "/finalise").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(steady.id()), results.getList("people.accountId", Long.class));
        assertEquals(0, fixtures.count("select count(*) from promotion_record where account_id = ?", s.worker().id()));
        assertEquals(1, fixtures.count("select count(*) from promotion_record where account_id = ? and route = 'CONTEST'", steady.id()));
    }
}
