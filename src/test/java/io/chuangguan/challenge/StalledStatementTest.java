package io.chuangguan.challenge;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.chuangguan.Plays;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * A batched statement that hangs on a row lock held by another transaction (or a failover) must not hold up every
 * submission of the instance: its requests get a 503 after the batch timeout, and the submissions behind it go on.
 */
@QuarkusTest
@TestProfile(StalledStatementTest.ShortTimeout.class)
class StalledStatementTest {

    public static class ShortTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("app.batches.timeout", "PT2S");
        }
    }

    @Inject
    Fixtures fixtures;

    @Inject
    DataSource dataSource;

    @Test
    void aSubmissionWaitingOnALockedRowGetsA503AndTheOthersGoOn() throws Exception {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        String stuck = Fixtures.login(fixtures.worker(org).phone());
        String other = Fixtures.login(fixtures.worker(org).phone());
        long attemptId = given().auth().oauth2(stuck).contentType(ContentType.JSON).body(Map.of("mode", "CHALLENGE"))
                .post("/api/levels/" + bank.levelIds().get(0) + "/attempts").then().statusCode(201).extract().jsonPath().getLong("attemptId");
        List<Map<String, Object>> answers = new ArrayList<>();
        fixtures.answerKey(attemptId).forEach((question, key) -> answers.add(Map.of("questionId", question, "selected", key)));

        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement s = lock.prepareStatement("select id from attempt where id = ? for update")) {
                s.setLong(1, attemptId);
                s.executeQuery().close();
            }
            long started = System.nanoTime();
            ExtractableResponse<Response> refused = given().auth().oauth2(stuck).contentType(ContentType.JSON)
                    .body(Map.of("answers", answers)).post("/api/attempts/" + attemptId + "/submission").then().extract();
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertEquals(503, refused.statusCode(), refused.asString());
            assertEquals("application/problem+json", refused.contentType());
            assertEquals("https://chuangguan.io/problems/busy", refused.path("type"));
            assertTrue(Integer.parseInt(refused.header("Retry-After")) > 0);
            assertTrue(millis < 10_000, "answered after " + millis + " ms");
            // the lock is still held: the submissions behind the hung statement are not held up by it
            assertEquals(100, Plays.play(fixtures, other, bank.levelIds().get(0), 8).getInt("score"));
            lock.rollback();
        }
    }
}
