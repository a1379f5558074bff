package io.chuangguan.questionbank;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.chuangguan.Plays;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Item statistics against a small data set whose figures the test computes itself from the attempts, another way:
 * the discrimination as the correlation of "answered right" (0 or 1) with the attempt's score.
 */
@QuarkusTest
class ItemStatisticsTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ItemStatistics statistics;

    @Inject
    DataSource dataSource;

    private String trainerOf(long industryId) {
        String phone = Fixtures.newPhone();
        long id = fixtures.insert("insert into account (phone, display_name, password_hash, roles) values (?, '培训师', ?, 'TRAINER')"
                + " returning id", phone, BcryptUtil.bcryptHash(Fixtures.PASSWORD, 4));
        fixtures.execute("insert into trainer_industry (account_id, industry_id) values (?, ?)", id, industryId);
        return Fixtures.login(phone);
    }

    /** What the attempts say of one version: x = answered right, y = the attempt's score. */
    private record Expected(List<Integer> right, List<Integer> scores, Map<String, Integer> chosen) {
        double facility() {
            return right.stream().mapToInt(Integer::intValue).average().orElseThrow();
        }

        Double correlation() {
            int n = right.size();
            double mx = facility();
            double my = scores.stream().mapToInt(Integer::intValue).average().orElseThrow();
            double cov = 0;
            double vx = 0;
            double vy = 0;
            for (int i = 0; i < n; i++) {
                cov += (right.get(i) - mx) * (scores.get(i) - my);
                vx += (right.get(i) - mx) * (right.get(i) - mx);
                vy += (scores.get(i) - my) * (scores.get(i) - my);
            }
            return vx == 0 || vy == 0 ? null : cov / Math.sqrt(vx * vy);
        }
    }

    private Map<Long, Expected> expected(long tradeId) throws Exception {
        Map<Long, Expected> byVersion = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select version_ids, correct, selected, option_orders, score from attempt where trade_id = ? and status = 'SUBMITTED'")) {
            s.setLong(1, tradeId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Long[] versions = (Long[]) rs.getArray(1).getArray();
                    Boolean[] correct = (Boolean[]) rs.getArray(2).getArray();
                    String[] selected = (String[]) rs.getArray(3).getArray();
                    String[] orders = (String[]) rs.getArray(4).getArray();
                    int score = rs.getInt(5);
                    for (int i = 0; i < versions.length; i++) {
                        Expected e = byVersion.computeIfAbsent(versions[i],
                                v -> new Expected(new ArrayList<>(), new ArrayList<>(), new HashMap<>()));
                        e.right().add(Boolean.TRUE.equals(correct[i]) ? 1 : 0);
                        e.scores().add(score);
                        if (!selected[i].isEmpty()) {
                            for (String shown : selected[i].split(",")) {
                                e.chosen().merge(String.valueOf(orders[i].charAt(2 * (shown.charAt(0) - 'A'))), 1, Integer::sum);
                            }
                        }
                    }
                }
            }
        }
        return byVersion;
    }

    @Test
    void facilityDiscriminationAndOptionChoicesMatchTheAttempts() throws Exception {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        for (int correct : new int[] { 8, 6, 5, 3, 1 }) {
            Plays.play(fixtures, Fixtures.login(fixtures.worker(org).phone()), bank.levelIds().get(0), correct);
        }
        fixtures.execute("update attempt set status = 'TIMED_OUT' where status = 'OPEN'");
        statistics.foldAll(1_000).await().indefinitely();

        Map<Long, Expected> expected = expected(org.tradeId());
        // parsed as doubles (REST Assured's JSON path would read floats)
        List<Map<String, Object>> items = new io.vertx.core.json.JsonArray(given().auth().oauth2(trainerOf(org.industryId()))
                .get("/api/trades/" + org.tradeId() + "/item-statistics").then().statusCode(200).extract().asString())
                .stream().map(o -> ((io.vertx.core.json.JsonObject) o).getMap()).toList();
        assertEquals(expected.size(), items.size());
        int defined = 0;
        for (Map<String, Object> item : items) {
            Expected e = expected.get(((Number) item.get("versionId")).longValue());
            assertNotNull(e, "a version the attempts never showed: " + item);
            assertEquals(e.right().size(), ((Number) item.get("shown")).intValue());
            assertEquals(e.facility(), ((Number) item.get("facility")).doubleValue(), 1e-9);
            Double r = e.correlation();
            if (r == null) {
                assertNull(item.get("discrimination"));
            } else {
                defined++;
                assertEquals(r, ((Number) item.get("discrimination")).doubleValue(), 1e-9, "version " + item.get("versionId"));
            }
            Object options = item.get("optionsChosen");
            Map<String, Object> chosen = options instanceof io.vertx.core.json.JsonObject json ? json.getMap() : asMap(options);
            e.chosen().forEach((key, n) -> assertEquals(n, ((Number) chosen.get(key)).intValue(), "option " + key));
            assertTrue(String.valueOf(item.get("flags")).equals("[]"), "too few answers for flags: " + item.get("flags"));
        }
        assertTrue(defined > 0, "no version with a defined discrimination");
        // facility over time: the runs of this test fall in this week (in Shanghai), and the weeks add up to the totals
        Map.Entry<Long, Expected> some = expected.entrySet().iterator().next();
        long question = fixtures.count("select question_id from question_version where id = ?", some.getKey());
        String trainer = trainerOf(org.industryId());
        io.restassured.path.json.JsonPath detail = given().auth().oauth2(trainer).get("/api/questions/{id}", question).then()
                .statusCode(200).extract().jsonPath();
        assertEquals(1, detail.getList("weeks").size(), detail.prettify());
        assertEquals(some.getValue().right().size(), detail.getInt("weeks[0].shown"));
        assertEquals(some.getValue().facility(), detail.getDouble("weeks[0].facility"), 1e-6);
        assertEquals(java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).with(java.time.DayOfWeek.MONDAY).toString(),
                detail.getString("weeks[0].week"));
        assertEquals(0, fixtures.count("select count(*) from item_statistic s join question_version v on v.id = s.version_id"
                + " join question q on q.id = v.question_id where q.trade_id = ? and s.shown <> (select coalesce(sum(w.shown), 0)"
                + " from item_statistic_week w where w.version_id = s.version_id)", org.tradeId()));
        for (int i = 1; i < items.size(); i++) {
            assertTrue(((Number) items.get(i - 1).get("facility")).doubleValue() <= ((Number) items.get(i).get("facility")).doubleValue(),
                    "hardest first");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void onlyTheTradesTrainersAndSystemAdminsReadThem() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Org other = fixtures.org();
        String path = "/api/trades/" + org.tradeId() + "/item-statistics";
        given().auth().oauth2(Fixtures.login(fixtures.worker(org).phone())).get(path).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(trainerOf(other.industryId())).get(path).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(Fixtures.login(fixtures.systemAdmin().phone())).get(path).then().statusCode(200);
    }

    @Test
    void thePointBiserialIsUndefinedWhenEverybodyOrNobodyIsRight() {
        assertNull(ItemStatistics.pointBiserial(4, 4, 300, 25_000, 300));
        assertNull(ItemStatistics.pointBiserial(4, 0, 300, 25_000, 0));
        // right with scores 100 and 80, wrong with 40 and 20: mean 60, sd √1000, mean of the right 90, p 0.5
        assertEquals((90 - 60) / Math.sqrt(1000), ItemStatistics.pointBiserial(4, 2, 240, 18_400, 180), 1e-12);
    }
}
