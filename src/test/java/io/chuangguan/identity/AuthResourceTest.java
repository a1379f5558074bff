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

    private static ExtractableResponse<Response> loginFrom(String address, String device, String phone, String password) {
        var request = given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(Map.of("phone", phone, "password", password));
        if (device != null) {
            request.header("X-Device-Id", device);
        }
        return request.post("/api/auth/login").then().extract();
    }

    private static String address() {
        return "198.51." + (int) (Math.random() * 250) + "." + (int) (1 + Math.random() * 250);
    }

    @Test
    void failuresLockTheAttackersAddressOutOfThePhoneButNotTheOwner() {
        Fixtures.Account worker = fixtures.worker(fixtures.org());
        String attacker = address();
        for (int i = 0; i < 5; i++) {
            assertEquals(401, loginFrom(attacker, null, worker.phone(), "wrong-password" + i).statusCode());
        }

        ExtractableResponse<Response> locked = loginFrom(attacker, null, worker.phone(), Fixtures.PASSWORD);
        assertEquals(429, locked.statusCode());
        assertEquals(PROBLEM, locked.contentType());
        assertEquals("https://chuangguan.io/problems/too-many-login-attempts", locked.path("type"));
        assertTrue(Integer.parseInt(locked.header("Retry-After")) > 0);
        // the owner, somewhere else, is not locked out by someone else's guesses
        assertEquals(200, loginFrom(address(), null, worker.phone(), Fixtures.PASSWORD).statusCode());
        // and the attacker's address may still log in to its own accounts
        Fixtures.Account own = fixtures.worker(fixtures.org());
        assertEquals(200, loginFrom(attacker, null, own.phone(), Fixtures.PASSWORD).statusCode());
    }

    @Test
    void guessesSentInParallelAreCountedBeforeTheyAreCompared() throws Exception {
        Fixtures.Account worker = fixtures.worker(fixtures.org());
        String attacker = address();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        try {
            var answers = pool.invokeAll(java.util.stream.IntStream.range(0, 20)
                    .mapToObj(i -> (java.util.concurrent.Callable<Integer>) () -> loginFrom(attacker, null, worker.phone(), "guess" + i).statusCode())
                    .toList());
            long compared = 0;
            for (var answer : answers) {
                int status = answer.get();
                assertTrue(status == 401 || status == 429, "status " + status);
                compared += status == 401 ? 1 : 0;
            }
            assertEquals(5, compared, "only the first five guesses may reach the password comparison");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPhoneWithoutAnAccountAnswersExactlyLikeOneWith() {
        Fixtures.Account worker = fixtures.worker(fixtures.org());
        String unknown = Fixtures.newPhone();
        String a = address();
        String b = address();
        for (int i = 0; i < 7; i++) {
            ExtractableResponse<Response> known = loginFrom(a, null, worker.phone(), "wrong" + i);
            ExtractableResponse<Response> none = loginFrom(b, null, unknown, "wrong" + i);
            assertEquals(known.statusCode(), none.statusCode(), "try " + i);
            assertEquals((String) known.path("type"), (String) none.path("type"), "try " + i);
            assertEquals((String) known.path("detail"), (String) none.path("detail"), "try " + i);
        }
    }

    @Test
    void aPhoneUnderAttackFromEverywhereIsSlowedButItsKnownDeviceIsNot() {
        Fixtures.Account worker = fixtures.worker(fixtures.org());
        String device = "owner-phone-" + worker.id();
        assertEquals(200, loginFrom(address(), device, worker.phone(), Fixtures.PASSWORD).statusCode());
        // ten failures from ten addresses: no address reaches its own limit, the phone reaches its
        for (int i = 0; i < 10; i++) {
            assertEquals(401, loginFrom(address(), null, worker.phone(), "spray" + i).statusCode());
        }
        // slowed: one try from an unknown device per window, between all of them
        assertEquals(401, loginFrom(address(), null, worker.phone(), "spray-more").statusCode());
        ExtractableResponse<Response> slowed = loginFrom(address(), null, worker.phone(), Fixtures.PASSWORD);
        assertEquals(429, slowed.statusCode());
        assertEquals("https://chuangguan.io/problems/too-many-login-slowed", slowed.path("type"));
        // the owner's own device gets in at once
        assertEquals(200, loginFrom(address(), device, worker.phone(), Fixtures.PASSWORD).statusCode());
        // and after the delay the owner gets in from a new device too
        fixtures.redis("DEL", "cg:rl:{login-slowed:" + worker.phone() + "}");
        assertEquals(200, loginFrom(address(), null, worker.phone(), Fixtures.PASSWORD).statusCode());
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

        // past the grace, the spent token no longer works, and its reuse revokes the whole family
        fixtures.execute("update refresh_token set revoked_at = now() - interval '1 minute' where account_id = ? and revoked_at is not null",
                worker.id());
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", refresh)).post("/api/auth/refresh")
                .then().statusCode(401).contentType(PROBLEM).body("type", equalTo("https://chuangguan.io/problems/invalid-refresh-token"));
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", newRefresh)).post("/api/auth/refresh")
                .then().statusCode(401);

        String another = login(worker.phone(), Fixtures.PASSWORD).path("refreshToken");
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", another)).post("/api/auth/logout").then().statusCode(204);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", another)).post("/api/auth/refresh").then().statusCode(401);
    }

    private static ExtractableResponse<Response> refresh(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", token)).post("/api/auth/refresh").then().extract();
    }

    @Test
    void logoutEndsTheSessionsAccessTokensAtOnce() {
        Fixtures.Account worker = fixtures.worker(fixtures.org());
        ExtractableResponse<Response> session = login(worker.phone(), Fixtures.PASSWORD);
        ExtractableResponse<Response> other = login(worker.phone(), Fixtures.PASSWORD);
        String access = session.path("accessToken");
        given().auth().oauth2(access).get("/api/me").then().statusCode(200);

        given().contentType(ContentType.JSON).body(Map.of("refreshToken", session.path("refreshToken"))).post("/api/auth/logout")
                .then().statusCode(204);

        given().auth().oauth2(access).get("/api/me").then().statusCode(401).contentType(PROBLEM);
        // the account's other session (another phone) goes on
        given().auth().oauth2((String) other.path("accessToken")).get("/api/me").then().statusCode(200);
        // and the deny-list is shared: it is in Redis for every instance, until the token would have expired
        String score = fixtures.redis("ZSCORE", "cg:revoked-sessions", claim(access, "sid"));
        assertTrue(score != null && Double.parseDouble(score) > System.currentTimeMillis(), "deny-list entry " + score);
    }

    @Test
    void aReplayedRefreshTokenEndsEverySessionsAccessTokens() {
        Fixtures.Account worker = fixtures.worker(fixtures.org());
        ExtractableResponse<Response> first = login(worker.phone(), Fixtures.PASSWORD);
        ExtractableResponse<Response> second = login(worker.phone(), Fixtures.PASSWORD);
        ExtractableResponse<Response> rotated = refresh(first.path("refreshToken"));
        assertEquals(200, rotated.statusCode());
        fixtures.execute("update refresh_token set revoked_at = now() - interval '1 minute' where account_id = ? and revoked_reason = 'ROTATED'",
                worker.id());

        assertEquals(401, refresh(first.path("refreshToken")).statusCode());

        for (String access : new String[] { first.path("accessToken"), second.path("accessToken"), rotated.path("accessToken") }) {
            given().auth().oauth2(access).get("/api/me").then().statusCode(401);
        }
        assertEquals(401, refresh(second.path("refreshToken")).statusCode());
    }

    @Test
    void twoTabsRefreshingAtOnceKeepTheSession() throws Exception {
        Fixtures.Account worker = fixtures.worker(fixtures.org());
        String token = login(worker.phone(), Fixtures.PASSWORD).path("refreshToken");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Callable<ExtractableResponse<Response>> tab = () -> refresh(token);
            var tabs = pool.invokeAll(java.util.List.of(tab, tab));
            ExtractableResponse<Response> a = tabs.get(0).get();
            ExtractableResponse<Response> b = tabs.get(1).get();
            assertEquals(200, a.statusCode());
            assertEquals(200, b.statusCode());
            assertEquals((String) a.path("refreshToken"), (String) b.path("refreshToken"));
            assertEquals((String) a.path("accessToken"), (String) b.path("accessToken"));
            given().auth().oauth2((String) a.path("accessToken")).get("/api/me").then().statusCode(200);
            assertEquals(200, refresh(a.path("refreshToken")).statusCode());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The grace is for the client that rotated the token: the same token replayed from elsewhere is a theft. */
    @Test
    void aStolenRefreshTokenReplayedFromElsewhereWithinTheGraceRevokesTheSession() {
        Fixtures.Account worker = fixtures.worker(fixtures.org());
        String owner = address();
        ExtractableResponse<Response> login = loginFrom(owner, "owner-device-1", worker.phone(), Fixtures.PASSWORD);
        String token = login.path("refreshToken");
        ExtractableResponse<Response> rotated = given().header("X-Forwarded-For", owner).header("X-Device-Id", "owner-device-1")
                .contentType(ContentType.JSON).body(Map.of("refreshToken", token)).post("/api/auth/refresh").then().extract();
        assertEquals(200, rotated.statusCode());

        given().header("X-Forwarded-For", address()).contentType(ContentType.JSON).body(Map.of("refreshToken", token))
                .post("/api/auth/refresh").then().statusCode(401).contentType(PROBLEM);

        given().auth().oauth2((String) rotated.path("accessToken")).get("/api/me").then().statusCode(401);
        assertEquals(401, refresh(rotated.path("refreshToken")).statusCode());
    }

    private static String claim(String jwt, String name) {
        String claims = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return new io.vertx.core.json.JsonObject(claims).getString(name);
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
