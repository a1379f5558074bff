package io.chuangguan.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;

@QuarkusTest
class AuthResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Fixtures fixtures;

    private static ExtractableResponse<Response> login(String phone, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("phone", phone, "password", password))
                .post("/api/auth/login").then().extract();
    }

    @Test
    void loginReturnsTokensAndTheWorkersProfile() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Account worker = fixtures.worker(org);

        ExtractableResponse<Response> response = login(worker.phone(), Fixtures.PASSWORD);

        assertEquals(200, response.statusCode());
        assertEquals(900, (int) response.path("expiresIn"));
        assertEquals("Bearer", response.path("tokenType"));
        assertEquals(worker.phone(), response.path("user.phone"));
        assertEquals(java.util.List.of("WORKER"), response.path("user.roles"));
        assertEquals((int) org.tradeId(), (int) response.path("user.trade.id"));
        assertEquals((int) org.enterpriseId(), (int) response.path("user.enterprise.id"));
        String token = response.path("accessToken");
        String[] parts = token.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"RS256\""), header);
        assertTrue(claims.contains("\"groups\":[\"WORKER\"]"), claims);
        assertTrue(claims.contains("\"enterprise_id\":" + org.enterpriseId()), claims);
        assertTrue(claims.contains("\"trade_id\":" + org.tradeId()), claims);

        given().auth().oauth2(token).get("/api/me").then().statusCode(200)
                .body("id", equalTo((int) worker.id()))
                .body("trade.id", equalTo((int) org.tradeId()))
                .body("team.id", equalTo((int) org.teamId()))
                .body("grade", is((Object) null));
    }

    @Test
    void wrongPasswordAndUnknownPhoneGetTheSameAnswer() {
        Fixtures.Account worker = fixtures.worker(fixtures.org());

        ExtractableResponse<Response> wrongPassword = login(worker.phone(), "not-the-password1");
        ExtractableResponse<Response> unknownPhone = login(Fixtures.newPhone(), "not-the-password1");

        assertEquals(401, wrongPassword.statusCode());
        assertEquals(401, unknownPhone.statusCode());
        assertEquals(PROBLEM, wrongPassword.contentType());
        Map<String, Object> a = wrongPassword.jsonPath().getMap("");
        Map<String, Object> b = unknownPhone.jsonPath().getMap("");
        a.remove("instance");
        b.remove("instance");
        assertEquals(a, b);
        assertEquals("https://chuangguan.io/problems/invalid-credentials", a.get("type"));
    }

    @Test
    void repeatedFailuresLockThePhoneEvenForTheRightPassword() {
        Fixtures.Account worker = fixtures.worker(fixtures.org());
        for (int i = 0; i < 5; i++) {
            assertEquals(401, login(worker.phone(), "wrong-password" + i).statusCode());
        }

        ExtractableResponse<Response> locked = login(worker.phone(), Fixtures.PASSWORD);

        assertEquals(429, locked.statusCode());
        assertEquals(PROBLEM, locked.contentType());
        assertEquals("https://chuangguan.io/problems/login-locked", locked.path("type"));
        assertTrue(Integer.parseInt(locked.header("Retry-After")) > 0);
        // an unknown phone is locked the same way, so a lock reveals nothing
        String unknown = Fixtures.newPhone();
        for (int i = 0; i < 5; i++) {
            login(unknown, "wrong-password" + i);
        }
        assertEquals(429, login(unknown, "wrong-password").statusCode());
        // a lock that has run out lets the right password in again
        fixtures.execute("update login_throttle set locked_until = now() - interval '1 second' where phone = ?", worker.phone());
        assertEquals(200, login(worker.phone(), Fixtures.PASSWORD).statusCode());
    }

    @Test
    void refreshRotatesTheTokenAndLogoutRevokesIt() {
        Fixtures.Account worker = fixtures.worker(fixtures.org());
        String refresh = login(worker.phone(), Fixtures.PASSWORD).path("refreshToken");

        ExtractableResponse<Response> refreshed = given().contentType(ContentType.JSON).body(Map.of("refreshToken", refresh))
                .post("/api/auth/refresh").then().extract();
        assertEquals(200, refreshed.statusCode());
        String newAccess = refreshed.path("accessToken");
        String newRefresh = refreshed.path("refreshToken");
        given().auth().oauth2(newAccess).get("/api/me").then().statusCode(200).body("phone", equalTo(worker.phone()));

        // the spent token no longer works, and its reuse revokes the whole family
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", refresh)).post("/api/auth/refresh")
                .then().statusCode(401).contentType(PROBLEM).body("type", equalTo("https://chuangguan.io/problems/invalid-refresh-token"));
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", newRefresh)).post("/api/auth/refresh")
                .then().statusCode(401);

        String another = login(worker.phone(), Fixtures.PASSWORD).path("refreshToken");
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", another)).post("/api/auth/logout").then().statusCode(204);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", another)).post("/api/auth/refresh").then().statusCode(401);
    }

    @Test
    void expiredForgedAndUnsignedTokensAreRejected() throws Exception {
        Fixtures.Account worker = fixtures.worker(fixtures.org());
        String issuer = "https://chuangguan.io";

        String expired = Jwt.issuer(issuer).subject(Long.toString(worker.id())).groups(Set.of("WORKER"))
                .issuedAt(Instant.now().minus(Duration.ofHours(1))).expiresAt(Instant.now().minus(Duration.ofMinutes(30))).sign();
        var otherKey = KeyPairGenerator.getInstance("RSA");
        otherKey.initialize(2048);
        String forged = Jwt.issuer(issuer).subject(Long.toString(worker.id())).groups(Set.of("SYSTEM_ADMIN"))
                .expiresIn(Duration.ofMinutes(5)).sign(otherKey.generateKeyPair().getPrivate());
        String unsignedHeader = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        String unsignedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"iss\":\"" + issuer + "\",\"sub\":\""
                + worker.id() + "\",\"groups\":[\"SYSTEM_ADMIN\"],\"exp\":" + (Instant.now().getEpochSecond() + 300) + "}").getBytes());
        String unsigned = unsignedHeader + "." + unsignedClaims + ".";
        String valid = Jwt.issuer(issuer).subject(Long.toString(worker.id())).groups(Set.of("WORKER")).expiresIn(Duration.ofMinutes(5)).sign();

        for (String token : new String[] { expired, forged, unsigned }) {
            given().auth().oauth2(token).get("/api/me").then().statusCode(401).contentType(PROBLEM)
                    .body("type", equalTo("https://chuangguan.io/problems/unauthenticated"));
        }
        given().get("/api/me").then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer");
        given().auth().oauth2(valid).get("/api/me").then().statusCode(200);
    }

    @Test
    void invalidLoginBodiesAreRejectedWithViolations() {
        given().contentType(ContentType.JSON).body(Map.of("phone", "12345", "password", ""))
                .post("/api/auth/login").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://chuangguan.io/problems/validation"))
                .body("violations.field", containsInAnyOrder("phone", "password"))
                .body("violations.message", not(emptyOrNullString()))
                .body("detail", notNullValue());
        given().contentType(ContentType.JSON).body("{\"phone\": ").post("/api/auth/login").then()
                .statusCode(400).contentType(PROBLEM).body("status", equalTo(400));
        given().contentType(ContentType.JSON).post("/api/auth/login").then().statusCode(400).contentType(PROBLEM);
    }
}
