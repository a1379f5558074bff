package io.chuangguan.promotion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.chuangguan.Plays;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class PromotionResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Fixtures fixtures;

    record Setup(Fixtures.Org org, Fixtures.Bank bank, Fixtures.Account worker, String token) {
    }

    /** A worker three years in a trade whose grade-5 exam is the map's third level. */
    private Setup setup() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        Fixtures.Account worker = fixtures.worker(org);
        return new Setup(org, bank, worker, Fixtures.login(worker.phone()));
    }

    private void passTheExam(Setup s) {
        for (long level : s.bank().levelIds()) {
            Plays.play(fixtures, s.token(), level, 8);
        }
    }

    private static JsonPath eligibility(String token) {
        return given().auth().oauth2(token).get("/api/me/promotion-eligibility").then().statusCode(200).extract().jsonPath();
    }

    private static io.restassured.response.ValidatableResponse apply(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of()).post("/api/promotion-applications").then();
    }

    private static io.restassured.response.ValidatableResponse decide(String token, long id, String decision) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("decision", decision, "comment", "审核意见"))
                .post("/api/promotion-applications/" + id + "/decision").then();
    }

    @Test
    void theChecklistSaysWhatIsMissing() {
        Setup s = setup();
        JsonPath e = eligibility(s.token());
        assertEquals(5, e.getInt("nextGrade"));
        assertEquals("初级工", e.getString("nextGradeTitle"));
        assertEquals(false, e.getBoolean("eligible"));
        assertEquals(false, e.getBoolean("conditions[0].met"));
        assertEquals(List.of("第3关"), e.getList("conditions[0].missingLevels.name"));
        assertEquals(true, e.getBoolean("conditions[1].met"));

        Fixtures.Account newcomer = fixtures.worker(s.org());
        fixtures.execute("update worker set trade_since = current_date - interval '2 months' where account_id = ?", newcomer.id());
        JsonPath young = eligibility(Fixtures.login(newcomer.phone()));
        assertEquals(false, young.getBoolean("conditions[1].met"));
        assertEquals(1, young.getInt("conditions[1].requiredYears"));
        assertEquals(10, young.getInt("conditions[1].monthsMissing"));
    }

    @Test
    void applyingBeforeEligibleIsAConflictAndStoresNothing() {
        Setup s = setup();
        apply(s.token()).statusCode(409).contentType(PROBLEM).body("type", equalTo("https://chuangguan.io/problems/not-eligible"))
                .body("detail", org.hamcrest.Matchers.containsString("第3关"));
        assertEquals(0, fixtures.count("select count(*) from promotion_application where account_id = ?", s.worker().id()));
    }

    @Test
    void anApprovedApplicationPromotesWithACertificate() {
        Setup s = setup();
        passTheExam(s);
        assertEquals(true, eligibility(s.token()).getBoolean("eligible"));
        assertNull(eligibility(s.token()).get("pendingApplication"));

        JsonPath application = apply(s.token()).statusCode(201).body("status", equalTo("PENDING")).body("gradeTo", equalTo(5))
                .body("gradeFrom", equalTo(null)).body("evidence.exams[0].score", equalTo(100))
                .body("evidence.enterpriseId", equalTo((int) s.org().enterpriseId())).extract().jsonPath();
        long id = application.getLong("id");
        apply(s.token()).statusCode(409).contentType(PROBLEM).body("type", equalTo("https://chuangguan.io/problems/application-pending"));
        // the phone shows the application under review instead of an apply button
        JsonPath waiting = eligibility(s.token());
        assertEquals(id, waiting.getLong("pendingApplication.id"));
        assertEquals("PENDING", waiting.getString("pendingApplication.status"));

        Fixtures.Org elsewhere = fixtures.org();
        decide(Fixtures.login(fixtures.unionAdminOfRegion(elsewhere.cityId()).phone()), id, "APPROVE").statusCode(404)
                .contentType(PROBLEM);
        String union = Fixtures.login(fixtures.unionAdminOfRegion(s.org().cityId()).phone());
        given().auth().oauth2(union).queryParam("status", "PENDING").get("/api/promotion-applications").then().statusCode(200)
                .body("items.id", hasItem((int) id));
        decide(union, id, "APPROVE").statusCode(200).body("status", equalTo("APPROVED"))
                .body("certificateNo", matchesPattern("37-\\d{4}-5-\\d{6}"));
        assertNull(eligibility(s.token()).get("pendingApplication"));

        given().auth().oauth2(s.token()).get("/api/me").then().body("grade", equalTo(5)).body("gradeTitle", equalTo("初级工"));
        given().auth().oauth2(s.token()).get("/api/me/promotions").then().statusCode(200)
                .body("gradeTo", equalTo(List.of(5))).body("route", equalTo(List.of("ONLINE_EXAM")))
                .body("[0].verificationCode", matchesPattern("[A-Z2-9]{12}"));
        assertTrue(fixtures.count("select count(*) from audit_log where subject = ?", "promotion_application:" + id) >= 2);
        assertEquals(1, fixtures.count("select count(*) from audit_log where subject = ? and action = 'ISSUE_RECORD'",
                "worker:" + s.worker().id()));
        decide(union, id, "REJECT").statusCode(409).contentType(PROBLEM);
        // the next grade's checklist starts over: no grade-4 exam in this map
        assertEquals(4, eligibility(s.token()).getInt("nextGrade"));
    }

    @Test
    void theCertificatePrintsAndItsCodeVerifiesWithTheNameMasked() {
        Setup s = setup();
        passTheExam(s);
        long id = apply(s.token()).statusCode(201).extract().jsonPath().getLong("id");
        decide(Fixtures.login(fixtures.systemAdmin().phone()), id, "APPROVE").statusCode(200);
        JsonPath record = given().auth().oauth2(s.token()).get("/api/me/promotions").then().extract().jsonPath();
        String number = record.getString("[0].certificateNo");
        String code = record.getString("[0].verificationCode");

        assertEquals("/certificates/" + number + "?code=" + code, record.getString("[0].certificateUrl"));
        String page = given().queryParam("code", code).get("/certificates/" + number).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/html")).extract().asString();
        for (String expected : List.of("职业技能等级证书", "测试职工", "五级／初级工", number, "测试行业 · 测试工种", "测试省总工会",
                "/verify/" + code, "<svg")) {
            assertTrue(page.contains(expected), "certificate shows " + expected);
        }
        assertTrue(page.contains(s.worker().phone().substring(0, 3) + "****"), "the phone is masked");
        given().get("/certificates/" + number).then().statusCode(404).contentType(org.hamcrest.Matchers.startsWith("text/html"));

        String verified = given().get("/verify/" + code).then().statusCode(200).extract().asString();
        assertTrue(verified.contains("证书真实有效") && verified.contains("测**工") && verified.contains(number), verified);
        assertTrue(!verified.contains("测试职工"), "the name is masked on the public page");
        String unknown = given().get("/verify/NOSUCHCODE23").then().statusCode(404).extract().asString();
        assertTrue(unknown.contains("查无此证书"), unknown);
    }

    private static io.restassured.response.ValidatableResponse contest(String token, long workerId, String tier, int placing) {
        return contest(token, workerId, "全省职工职业技能大赛", tier, placing);
    }

    private static io.restassured.response.ValidatableResponse contest(String token, long workerId, String name, String tier,
            int placing) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("contestName", name, "tier", tier, "heldOn", "2026-10-18", "placing", placing, "award", "一等奖"))
                .post("/api/workers/" + workerId + "/contest-results").then();
    }

    private Integer grade(long workerId) {
        String grade = fixtures.text("select min(grade)::text from worker_grade where account_id = ?", workerId);
        return grade == null ? null : Integer.valueOf(grade);
    }

    @Test
    void aContestPlacingPromotesDirectlyButNeverBeyondItsTier() {
        Setup s = setup();
        String union = Fixtures.login(fixtures.unionAdminOfRegion(s.org().cityId()).phone());

        contest(union, s.worker().id(), "ENTERPRISE", 8).statusCode(201).body("promoted", equalTo(false));
        contest(union, s.worker().id(), "PROVINCE", 3).statusCode(201).body("promoted", equalTo(true))
                .body("gradeTo", equalTo(2)).body("certificateNo", matchesPattern("37-\\d{4}-2-\\d{6}"));
        given().auth().oauth2(s.token()).get("/api/me").then().body("grade", equalTo(2)).body("gradeTitle", equalTo("技师"));
        // a provincial contest makes a 技师 at most; a national one goes one grade up from there
        contest(union, s.worker().id(), "全省第二届技能大赛", "PROVINCE", 1).statusCode(201).body("promoted", equalTo(false))
                .body("reason", org.hamcrest.Matchers.containsString("grade 2"));
        contest(union, s.worker().id(), "全国技能大赛", "NATIONAL", 5).statusCode(201).body("gradeFrom", equalTo(2)).body("gradeTo", equalTo(1));
        given().auth().oauth2(s.token()).get("/api/me/promotions").then().body("route", equalTo(List.of("CONTEST", "CONTEST")))
                .body("gradeTo", equalTo(List.of(1, 2)));

        String stranger = Fixtures.login(fixtures.unionAdminOfRegion(fixtures.org().cityId()).phone());
        contest(stranger, s.worker().id(), "全国技能大赛二", "NATIONAL", 1).statusCode(404).contentType(PROBLEM);
        contest(union, s.worker().id(), "GALAXY", 1).statusCode(400).contentType(PROBLEM);
        assertEquals(4, fixtures.count("select count(*) from contest_result where account_id = ?", s.worker().id()));
    }

    @Test
    void aContestResultRecordedAgainIsTheFirstOneAndPromotesOnce() {
        Setup s = setup();
        String union = Fixtures.login(fixtures.unionAdminOfRegion(s.org().cityId()).phone());
        String certificate = contest(union, s.worker().id(), "ENTERPRISE", 3).statusCode(201).body("promoted", equalTo(true))
                .body("gradeTo", equalTo(4)).extract().path("certificateNo");
        for (int retry = 0; retry < 3; retry++) {
            contest(union, s.worker().id(), "ENTERPRISE", 3).statusCode(200).body("promoted", equalTo(true))
                    .body("gradeTo", equalTo(4)).body("certificateNo", equalTo(certificate));
        }
        contest(union, s.worker().id(), "ENTERPRISE", 1).statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://chuangguan.io/problems/contest-result-recorded"));
        assertEquals(4, grade(s.worker().id()));
        assertEquals(1, fixtures.count("select count(*) from promotion_record where account_id = ?", s.worker().id()));
        assertEquals(1, fixtures.count("select count(*) from contest_result where account_id = ?", s.worker().id()));

        // another enterprise contest, even won, never makes more than the tier's 中级工
        contest(union, s.worker().id(), "企业第二届比武", "ENTERPRISE", 1).statusCode(201).body("promoted", equalTo(false));
        assertEquals(4, grade(s.worker().id()));
    }

    @Test
    void aPromotionClosesTheApplicationsItOvertakesAndAnOldApprovalCannotLowerTheGrade() {
        Setup s = setup();
        passTheExam(s);
        long application = apply(s.token()).statusCode(201).body("gradeTo", equalTo(5)).extract().jsonPath().getLong("id");
        String union = Fixtures.login(fixtures.unionAdminOfRegion(s.org().cityId()).phone());

        contest(union, s.worker().id(), "PROVINCE", 3).statusCode(201).body("gradeTo", equalTo(2));
        given().auth().oauth2(union).get("/api/promotion-applications?status=CLOSED").then().statusCode(200)
                .body("items.find { it.id == " + application + " }.comment", org.hamcrest.Matchers.startsWith("Overtaken"));
        decide(union, application, "APPROVE").statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://chuangguan.io/problems/already-decided"));
        assertEquals(2, grade(s.worker().id()));

        // an application left pending from before this rule: approving it would lower the grade, so it is refused
        fixtures.execute("update promotion_application set status = 'PENDING' where id = ?", application);
        decide(union, application, "APPROVE").statusCode(409).body("type", equalTo("https://chuangguan.io/problems/application-overtaken"));
        assertEquals(2, grade(s.worker().id()));
        assertEquals(1, fixtures.count("select count(*) from promotion_record where account_id = ?", s.worker().id()));
    }

    @Test
    void nobodyDecidesOnTheirOwnPromotion() {
        Setup s = setup();
        passTheExam(s);
        // a worker who is also their enterprise's union admin
        fixtures.execute("update account set roles = 'WORKER,UNION_ADMIN', scope_enterprise_id = ? where id = ?",
                s.org().enterpriseId(), s.worker().id());
        String both = Fixtures.login(s.worker().phone());
        long application = apply(both).statusCode(201).extract().jsonPath().getLong("id");
        decide(both, application, "APPROVE").statusCode(403).contentType(PROBLEM);
        contest(both, s.worker().id(), "PROVINCE", 1).statusCode(403).contentType(PROBLEM);
        assertNull(grade(s.worker().id()));
        assertEquals(0, fixtures.count("select count(*) from contest_result where account_id = ?", s.worker().id()));
    }

    /**
     * The invariant behind every route: whatever mix of contest results and application decisions a worker goes
     * through, their grade never goes down and every grade change has its certificate.
     */
    @Test
    void aGradeOnlyEverGoesUp() {
        Setup s = setup();
        passTheExam(s);
        String union = Fixtures.login(fixtures.unionAdminOfRegion(s.org().cityId()).phone());
        java.util.Random random = new java.util.Random(20261203);
        String[] tiers = { "ENTERPRISE", "CITY", "PROVINCE", "NATIONAL" };
        long application = apply(s.token()).statusCode(201).extract().jsonPath().getLong("id");
        int before = 6; // no grade
        for (int step = 0; step < 25; step++) {
            if (step == 12) {
                fixtures.execute("update promotion_application set status = 'PENDING' where id = ?", application);
                decide(union, application, "APPROVE").statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(409)));
            } else {
                contest(union, s.worker().id(), "比武" + step, tiers[random.nextInt(tiers.length)], 1 + random.nextInt(12))
                        .statusCode(201);
            }
            Integer now = grade(s.worker().id());
            int after = now == null ? 6 : now;
            assertTrue(after <= before, "step " + step + ": the grade went from " + before + " to " + after);
            before = after;
        }
        long changes = fixtures.count("select count(*) from promotion_record where account_id = ?", s.worker().id());
        long distinctGrades = fixtures.count("select count(distinct grade_to) from promotion_record where account_id = ?", s.worker().id());
        assertEquals(changes, distinctGrades, "one certificate per grade reached");
    }

    @Test
    void aRejectedApplicationChangesNoGrade() {
        Setup s = setup();
        passTheExam(s);
        long id = apply(s.token()).statusCode(201).extract().jsonPath().getLong("id");
        String admin = Fixtures.login(fixtures.systemAdmin().phone());

        decide(admin, id, "REJECT").statusCode(200).body("status", equalTo("REJECTED")).body("certificateNo", equalTo(null));

        given().auth().oauth2(s.token()).get("/api/me").then().body("grade", equalTo(null));
        assertEquals(0, fixtures.count("select count(*) from promotion_record where account_id = ?", s.worker().id()));
        decide(admin, id, "MAYBE").statusCode(400).contentType(PROBLEM);
    }

    @Test
    void promotionHistoriesAreReadOnlyByTheWorkerAndAdminsInScope() {
        Setup s = setup();
        String colleague = Fixtures.login(fixtures.worker(s.org()).phone());
        given().auth().oauth2(colleague).get("/api/workers/" + s.worker().id() + "/promotions").then().statusCode(404)
                .contentType(PROBLEM);
        String union = Fixtures.login(fixtures.unionAdminOfRegion(s.org().cityId()).phone());
        given().auth().oauth2(union).get("/api/workers/" + s.worker().id() + "/promotions").then().statusCode(200);
        String stranger = Fixtures.login(fixtures.unionAdminOfRegion(fixtures.org().cityId()).phone());
        // outside the scope is answered as a worker who does not exist
        given().auth().oauth2(stranger).get("/api/workers/" + s.worker().id() + "/promotions").then().statusCode(404)
                .body("detail", equalTo("Worker " + s.worker().id() + " does not exist"));
        given().auth().oauth2(stranger).get("/api/workers/999999999/promotions").then().statusCode(404)
                .body("detail", equalTo("Worker 999999999 does not exist"));
    }

    @Test
    void aTradesOwnRuleOnYearsIsHonoured() {
        Setup s = setup();
        fixtures.execute("insert into promotion_rule (trade_id, target_grade, min_years) values (?, 5, 4)", s.org().tradeId());
        JsonPath e = eligibility(s.token());
        assertEquals(4, e.getInt("conditions[1].requiredYears"));
        assertEquals(false, e.getBoolean("conditions[1].met"));
        assertEquals(12, e.getInt("conditions[1].monthsMissing"));
    }
}
