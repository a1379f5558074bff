package io.chuangguan.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Attempts written before V6 (a paper as one row per question, the review inside the stored result) keep their paper,
 * answers and result after the migration. Runs the migrations on a scratch database of the same server.
 */
@QuarkusTest
class PaperMigrationTest {

    @Inject
    DataSource dataSource;

    @Test
    void oldPapersMoveIntoTheirAttemptsIntact() throws Exception {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        String user = ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
        String password = ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.password", String.class).orElse("");
        String scratch = "chuangguan_migration_" + ProcessHandle.current().pid();
        String scratchUrl = url.substring(0, url.lastIndexOf('/') + 1) + scratch;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + scratch);
            s.execute("create database " + scratch);
        }
        try {
            Flyway.configure().dataSource(scratchUrl, user, password).locations("classpath:db/migration").target("5").load().migrate();
            try (Connection c = DriverManager.getConnection(scratchUrl, user, password); Statement s = c.createStatement()) {
                // the rows only: foreign keys would need a whole organisation and bank
                s.execute("set session_replication_role = replica");
                s.execute("""
                        insert into attempt (id, account_id, trade_id, level_id, mode, status, seed, started_at, expires_at, submitted_at,
                                             score, correct_count, total, passed, stars, points_earned, result)
                        values (1, 7, 3, 5, 'CHALLENGE', 'SUBMITTED', 1, now(), now(), now(), 67, 2, 3, true, 1, 67,
                                '{"attemptId":1,"score":67,"questions":[{"id":11},{"id":12},{"id":13}],"ranks":null}'),
                               (2, 7, 3, 5, 'CHALLENGE', 'OPEN', 2, now(), now(), null, null, null, 2, null, null, null, null),
                               (3, 7, 3, 5, 'CHALLENGE', 'SUBMITTED', 3, now(), now(), now(), 100, 10, 10, true, 3, 100,
                                '{"attemptId":3,"score":100}')""");
                s.execute("""
                        insert into attempt_question (attempt_id, position, question_id, question_version_id, option_order, selected, correct)
                        values (1, 2, 13, 113, 'A,B', 'B', false), (1, 0, 11, 111, 'C,A,D,B', 'A', true),
                               (1, 1, 12, 112, 'B,A,C,D', 'A,C', true), (2, 1, 22, 122, 'A,B', null, null),
                               (2, 0, 21, 121, 'D,C,B,A', null, null)""");
            }

            Flyway.configure().dataSource(scratchUrl, user, password).locations("classpath:db/migration").load().migrate();

            try (Connection c = DriverManager.getConnection(scratchUrl, user, password); Statement s = c.createStatement()) {
                ResultSet submitted = s.executeQuery("select question_ids, version_ids, option_orders, selected, correct, result"
                        + " from attempt where id = 1");
                submitted.next();
                assertArrayEquals(new Long[] { 11L, 12L, 13L }, (Long[]) submitted.getArray(1).getArray());
                assertArrayEquals(new Long[] { 111L, 112L, 113L }, (Long[]) submitted.getArray(2).getArray());
                assertArrayEquals(new String[] { "C,A,D,B", "B,A,C,D", "A,B" }, (String[]) submitted.getArray(3).getArray());
                assertArrayEquals(new String[] { "A", "A,C", "B" }, (String[]) submitted.getArray(4).getArray());
                assertArrayEquals(new Boolean[] { true, true, false }, (Boolean[]) submitted.getArray(5).getArray());
                JsonNode result = new ObjectMapper().readTree(submitted.getString(6));
                assertEquals(67, result.get("score").asInt());
                assertFalse(result.has("questions"), "the review is rebuilt from the arrays, not stored");

                ResultSet open = s.executeQuery("select question_ids, selected, correct from attempt where id = 2");
                open.next();
                assertArrayEquals(new Long[] { 21L, 22L }, (Long[]) open.getArray(1).getArray());
                assertNull(open.getArray(2));
                assertNull(open.getArray(3));

                ResultSet withoutPaper = s.executeQuery("select cardinality(question_ids), result from attempt where id = 3");
                withoutPaper.next();
                assertEquals(0, withoutPaper.getInt(1));
                assertEquals(100, new ObjectMapper().readTree(withoutPaper.getString(2)).get("score").asInt());

                ResultSet tables = s.executeQuery("select count(*) from information_schema.tables"
                        + " where table_name in ('attempt_question', 'wrong_answer')");
                tables.next();
                assertEquals(0, tables.getInt(1));
            }
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + scratch + " with (force)");
            } catch (SQLException e) {
                // a leftover scratch database is dropped by the next run
            }
        }
    }
}
