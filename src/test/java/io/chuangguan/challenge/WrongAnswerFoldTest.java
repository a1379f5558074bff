package io.chuangguan.challenge;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.chuangguan.Plays;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The 错题本 is read from folded rows plus the attempts since the fold: folding, at any moment, never changes what a
 * worker reads (counts, dates, versions, mastery).
 */
@QuarkusTest
class WrongAnswerFoldTest {

    @Inject
    Fixtures fixtures;

    @Inject
    WrongAnswerFold fold;

    private static List<Map<String, Object>> book(String token) {
        return given().auth().oauth2(token).queryParam("status", "ALL").queryParam("size", 100).get("/api/me/wrong-answers")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    /** Every attempt is final (attempts other tests left open would hold the fold back), then everything is folded. */
    private void foldEverything() {
        fixtures.execute("update attempt set status = 'TIMED_OUT' where status = 'OPEN'");
        fold.foldAll(1_000).await().indefinitely();
        assertEquals(0, fixtures.count("select count(*) from attempt where id > (select last_id from job_watermark where job = ?)",
                WrongAnswerFold.JOB));
    }

    @Test
    void foldingNeverChangesTheBook() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        Fixtures.Account worker = fixtures.worker(org);
        String token = Fixtures.login(worker.phone());
        long level = bank.levelIds().get(0);

        Plays.play(fixtures, token, level, 3);
        Plays.play(fixtures, token, level, 4);
        List<Map<String, Object>> before = book(token);
        assertFalse(before.isEmpty());
        foldEverything();
        assertTrue(fixtures.count("select count(*) from wrong_answer_book where account_id = ?", worker.id()) > 0);
        assertEquals(before, book(token));

        // rights after the folded wrongs master them; new wrongs add to folded counts
        Plays.play(fixtures, token, level, 8);
        Plays.play(fixtures, token, level, 2);
        List<Map<String, Object>> merged = book(token);
        assertNotEquals(before, merged);
        foldEverything();
        assertEquals(merged, book(token));
        assertEquals(0, fixtures.count("select count(*) from attempt a where a.account_id = ? and a.id > (select last_id"
                + " from job_watermark where job = ?)", worker.id(), WrongAnswerFold.JOB));
    }
}
