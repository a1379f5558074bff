package io.chuangguan.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class AccountResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Fixtures fixtures;

    private static Map<String, Object> workerRequest(String phone, Fixtures.Org org) {
        Map<String, Object> worker = new HashMap<>();
        worker.put("enterpriseId", org.enterpriseId());
        worker.put("teamId", org.teamId());
        worker.put("tradeId", org.tradeId());
        worker.put("tradeSince", LocalDate.now().minusYears(1).toString());
        worker.put("grade", 5);
        worker.put("gradeObtainedOn", LocalDate.now().minusMonths(2).toString());
        worker.put("gradeCertificateNo", "37-2026-5-000123");
        Map<String, Object> body = new HashMap<>();
        body.put("phone", phone);
        body.put("displayName", "赵新民");
        body.put("password", "Welcome2026");
        body.put("roles", List.of("WORKER"));
        body.put("worker", worker);
        return body;
    }

    private long accounts(String phone) {
        return fixtures.count("select count(*) from account where phone = ?", phone);
    }

    @Test
    void systemAdminCreatesAWorkerWhoCanLogIn() {
        Fixtures.Org org = fixtures.org();
        String admin = Fixtures.login(fixtures.systemAdmin().phone());
        String phone = Fixtures.newPhone();

        String location = given().auth().oauth2(admin).contentType(ContentType.JSON).body(workerRequest(phone, org))
                .post("/api/accounts").then().statusCode(201)
                .header("Location", endsWith("/api/accounts/" + fixtures.count("select id from account where phone = ?", phone)))
                .body("phone", equalTo(phone))
                .body("roles", containsInAnyOrder("WORKER"))
                .body("grade", equalTo(5))
                .body("gradeTitle", equalTo("初级工"))
                .body("team.id", equalTo((int) org.teamId()))
                .extract().header("Location");

        given().auth().oauth2(admin).get(location).then().statusCode(200).body("phone", equalTo(phone));
        String password = fixtures.count("select count(*) from account where phone = ? and password_hash like '$2%'", phone) == 1
                ? "Welcome2026" : null;
        given().contentType(ContentType.JSON).body(Map.of("phone", phone, "password", password))
                .post("/api/auth/login").then().statusCode(200).body("user.grade", equalTo(5));
    }

    @Test
    void aGradeHeldBeforeJoiningComesWithItsCertificateAndIsAudited() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Account creator = fixtures.systemAdmin();
        String admin = Fixtures.login(creator.phone());
        String phone = Fixtures.newPhone();
        Map<String, Object> body = workerRequest(phone, org);
        @SuppressWarnings("unchecked")
        Map<String, Object> worker = (Map<String, Object>) body.get("worker");
        worker.put("grade", 1);
        worker.remove("gradeCertificateNo");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).post("/api/accounts").then().statusCode(422)
                .contentType(PROBLEM).body("violations.field", hasItem("worker.gradeCertificateNo"));
        assertEquals(0, accounts(phone));

        worker.put("gradeCertificateNo", "1401-2019-1-0042");
        long id = given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).post("/api/accounts").then().statusCode(201)
                .body("grade", equalTo(1)).extract().jsonPath().getLong("id");
        assertEquals("1401-2019-1-0042", fixtures.text("select certificate_no from worker_grade where account_id = ?", id));
        assertEquals(1, fixtures.count("select count(*) from audit_log where actor_id = ? and action = 'PRIOR_GRADE' and subject = ?"
                + " and detail like '%1401-2019-1-0042%'", creator.id(), "worker:" + id));
    }

    @Test
    void systemAdminCreatesATrainerAndAUnionAdmin() {
        Fixtures.Org org = fixtures.org();
        String admin = Fixtures.login(fixtures.systemAdmin().phone());

        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("phone", Fixtures.newPhone(), "displayName", "孙老师", "password", "Trainer2026",
                        "roles", List.of("TRAINER"), "trainerIndustryIds", List.of(org.industryId())))
                .post("/api/accounts").then().statusCode(201)
                .body("scope.industries.id", hasItem((int) org.industryId()));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("phone", Fixtures.newPhone(), "displayName", "市总工会", "password", "Union2026x",
                        "roles", List.of("UNION_ADMIN"), "scopeRegionId", org.cityId()))
                .post("/api/accounts").then().statusCode(201)
                .body("scope.region.id", equalTo((int) org.cityId()));
    }

    @Test
    void unionAdminCreatesWorkersOnlyInItsScope() {
        Fixtures.Org mine = fixtures.org();
        Fixtures.Org other = fixtures.org();
        String union = Fixtures.login(fixtures.unionAdminOfRegion(mine.cityId()).phone());

        given().auth().oauth2(union).contentType(ContentType.JSON).body(workerRequest(Fixtures.newPhone(), mine))
                .post("/api/accounts").then().statusCode(201);

        String outside = Fixtures.newPhone();
        given().auth().oauth2(union).contentType(ContentType.JSON).body(workerRequest(outside, other))
                .post("/api/accounts").then().statusCode(422).contentType(PROBLEM)
                // an enterprise outside the scope is answered as one that does not exist
                .body("violations[0].field", equalTo("worker.enterpriseId"))
                .body("violations[0].message", equalTo("no such enterprise"));
        assertEquals(0, accounts(outside));

        Map<String, Object> trainer = Map.of("phone", Fixtures.newPhone(), "displayName", "孙老师", "password", "Trainer2026",
                "roles", List.of("TRAINER"), "trainerIndustryIds", List.of(mine.industryId()));
        given().auth().oauth2(union).contentType(ContentType.JSON).body(trainer)
                .post("/api/accounts").then().statusCode(403).contentType(PROBLEM);

        String enterpriseUnion = Fixtures.login(fixtures.unionAdminOfEnterprise(other.enterpriseId()).phone());
        given().auth().oauth2(enterpriseUnion).contentType(ContentType.JSON).body(workerRequest(Fixtures.newPhone(), other))
                .post("/api/accounts").then().statusCode(201);
        given().auth().oauth2(enterpriseUnion).contentType(ContentType.JSON).body(workerRequest(Fixtures.newPhone(), mine))
                .post("/api/accounts").then().statusCode(422);
    }

    @Test
    void workersAndAnonymousCallersCannotCreateAccounts() {
        Fixtures.Org org = fixtures.org();
        String phone = Fixtures.newPhone();
        String worker = Fixtures.login(fixtures.worker(org).phone());

        given().auth().oauth2(worker).contentType(ContentType.JSON).body(workerRequest(phone, org))
                .post("/api/accounts").then().statusCode(403).contentType(PROBLEM);
        given().contentType(ContentType.JSON).body(workerRequest(phone, org))
                .post("/api/accounts").then().statusCode(401).contentType(PROBLEM);
        assertEquals(0, accounts(phone));
    }

    @Test
    void aWorkerReadsOnlyTheirOwnAccount() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Account me = fixtures.worker(org);
        Fixtures.Account colleague = fixtures.worker(org);
        String token = Fixtures.login(me.phone());

        given().auth().oauth2(token).get("/api/accounts/" + me.id()).then().statusCode(200);
        given().auth().oauth2(token).get("/api/accounts/" + colleague.id()).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void duplicatePhoneIsAConflictAndChangesNothing() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Account existing = fixtures.worker(org);
        String admin = Fixtures.login(fixtures.systemAdmin().phone());

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(workerRequest(existing.phone(), org))
                .post("/api/accounts").then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://chuangguan.io/problems/phone-taken"));
        assertEquals(1, accounts(existing.phone()));
    }

    @Test
    void invalidBodiesNameEveryBadField() {
        Fixtures.Org org = fixtures.org();
        String admin = Fixtures.login(fixtures.systemAdmin().phone());
        Map<String, Object> body = workerRequest("1234", org);
        body.put("password", "short");
        body.put("displayName", "");
        @SuppressWarnings("unchecked")
        Map<String, Object> worker = (Map<String, Object>) body.get("worker");
        worker.put("grade", 7);

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(body)
                .post("/api/accounts").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", hasItem("phone"))
                .body("violations.field", hasItem("password"))
                .body("violations.field", hasItem("displayName"))
                .body("violations.field", hasItem("worker.grade"));
    }

    @Test
    void aTeamOfAnotherEnterpriseIsUnprocessable() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Org other = fixtures.org();
        String admin = Fixtures.login(fixtures.systemAdmin().phone());
        String phone = Fixtures.newPhone();
        Map<String, Object> body = workerRequest(phone, org);
        @SuppressWarnings("unchecked")
        Map<String, Object> worker = (Map<String, Object>) body.get("worker");
        worker.put("teamId", other.teamId());

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(body)
                .post("/api/accounts").then().statusCode(422).contentType(PROBLEM)
                .body("violations[0].field", equalTo("worker.teamId"));
        Map<String, Object> noPlacement = workerRequest(phone, org);
        noPlacement.remove("worker");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(noPlacement)
                .post("/api/accounts").then().statusCode(422).body("violations[0].field", equalTo("worker"));
        assertEquals(0, accounts(phone));
    }
}
