package io.chuangguan.challenge;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * attempt is partitioned by month through its id (V21): the months ahead exist, an attempt lands in the partition of
 * the month it was started in, and the hot path's statements read that month's partition only, however many months
 * the table holds (the plans are asked of PostgreSQL with generic plans, as the application's prepared statements run).
 */
@QuarkusTest
class AttemptPartitionsTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Pattern PARTITION = Pattern.compile("\\battempt_(\\d{4}_\\d{2}|before_partitions)\\b");

    @Inject
    Fixtures fixtures;

    @Inject
    AttemptPartitions partitions;

    @Inject
    DataSource dataSource;

    @Test
    void anAttemptLandsInItsMonthsPartitionAndTheMonthsAheadExist() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> partitions.monthsAhead() == AttemptPartitions.MONTHS_AHEAD);
        assertEquals(0, partitions.makeAhead().await().indefinitely(), "nothing to make twice");

        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        String token = Fixtures.login(fixtures.worker(org).phone());
        long attemptId = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("mode", "CHALLENGE"))
                .post("/api/levels/" + bank.levelIds().get(0) + "/attempts").then().statusCode(201).extract().jsonPath().getLong("attemptId");

        LocalDate month = LocalDate.now(SHANGHAI).withDayOfMonth(1);
        long base = ((month.getYear() - 2020) * 12L + month.getMonthValue() - 1) * 1_000_000_000_000L;
        assertTrue(attemptId > base && attemptId < base + 1_000_000_000_000L, "the id carries its month: " + attemptId);
        assertTrue(attemptId < (1L << 53), "a JavaScript number holds it exactly");
        assertEquals("attempt_" + month.getYear() + "_" + String.format("%02d", month.getMonthValue()),
                fixtures.text("select tableoid::regclass::text from attempt where id = ?", attemptId));
    }

    @Test
    void theHotPathReadsOneMonthOfAttempts() throws SQLException {
        String thisMonth = "attempt_" + LocalDate.now(SHANGHAI).getYear() + "_" + String.format("%02d", LocalDate.now(SHANGHAI).getMonthValue());
        // the start's look for an open CHALLENGE, an attempt read by its owner, the submission's and the time-out's updates
        List<String> statements = List.of(
                "select a.id from (values (1)) as one left join attempt a on a.account_id = $1 and a.level_id = $2"
                        + " and a.status = 'OPEN' and a.mode = 'CHALLENGE' and " + AttemptStore.RECENT,
                "select a.id from attempt a where a.id = $1 and a.account_id = $2",
                "update attempt a set status = 'SUBMITTED' from unnest(array[$1, $2]::bigint[]) u(attempt_id)"
                        + " where a.id = u.attempt_id and a.status = 'OPEN' and " + AttemptStore.RECENT,
                "update attempt set status = 'TIMED_OUT' where id = $1 and status = 'OPEN' and $2::bigint is not null");
        long id = fixtures.count("select attempt_month_base(date_trunc('month', now() at time zone 'Asia/Shanghai')::date) + 1");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false); // the updates' plans are run, and rolled back
            s.execute("set local plan_cache_mode = force_generic_plan");
            int n = 0;
            for (String sql : statements) {
                s.execute("prepare hot" + n + "(bigint, bigint) as " + sql);
                List<String> read = partitionsRead(s, "explain (analyze, costs off, timing off, summary off) execute hot" + n + "(" + id + ", 1)");
                boolean firstDay = LocalDate.now(SHANGHAI).getDayOfMonth() == 1;
                assertTrue(read.contains(thisMonth), sql + " reads " + read);
                assertFalse(read.contains("attempt_before_partitions"), sql + " reads " + read);
                assertTrue(read.size() == 1 || firstDay && read.size() == 2, sql + " reads " + read);
                n++;
            }
            c.rollback();
        }
    }

    @Test
    void aMissingMonthIsMadeWithItsOwnOpenChallengeIndex() {
        LocalDate last = LocalDate.now(SHANGHAI).withDayOfMonth(1).plusMonths(AttemptPartitions.MONTHS_AHEAD);
        String name = "attempt_" + last.getYear() + "_" + String.format("%02d", last.getMonthValue());
        // as a month is archived (deploy/README.md): detached (refused while a row of it is referred to), then dropped
        fixtures.execute("alter table attempt detach partition " + name);
        fixtures.execute("drop table " + name);
        assertEquals(1, partitions.makeAhead().await().indefinitely());
        assertEquals(1, fixtures.count("select count(*) from pg_indexes where tablename = ? and indexdef like 'CREATE UNIQUE INDEX%'"
                + " and indexdef like '%(account_id, level_id)%OPEN%CHALLENGE%'", name));
    }

    /** The partitions whose scans the plan runs (a partition pruned at start-up is not in it). */
    private static List<String> partitionsRead(Statement s, String explain) throws SQLException {
        List<String> read = new ArrayList<>();
        try (ResultSet plan = s.executeQuery(explain)) {
            while (plan.next()) {
                String line = plan.getString(1);
                if (!line.contains(" on attempt_")) {
                    continue; // "Update on attempt_x" lines name every partition the statement may route to
                }
                Matcher m = PARTITION.matcher(line.substring(line.indexOf(" on attempt_")));
                if (m.find() && line.contains("Scan") && !read.contains(m.group())) {
                    read.add(m.group());
                }
            }
        }
        return read;
    }
}
