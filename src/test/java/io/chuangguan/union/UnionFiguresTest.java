package io.chuangguan.union;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.chuangguan.Fixtures;
import io.chuangguan.Plays;
import io.chuangguan.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The union's figures on a small province built here, whose every figure the test works out by hand: two cities, three
 * enterprises of three size classes (one with nobody active), seven workers of whom three play, on two days of November
 * 2026 (one of them on both days, so a month's distinct actives are not the sum of its days').
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnionFiguresTest {

    private static final String PROBLEM = "application/problem+json";
    private static final Instant DAY_A = Instant.parse("2026-11-10T02:00:00Z");
    private static final Instant DAY_B = Instant.parse("2026-11-20T02:00:00Z");

    @Inject
    Fixtures fixtures;

    @Inject
    ActivityRollup rollup;

    @Inject
    DataSource dataSource;

    Fixtures.Org org;
    long city2;
    long county2;
    long e2;
    long e3;
    Fixtures.Account w1;
    Fixtures.Account w2;
    Fixtures.Account w4;
    Fixtures.Account w6;
    String province;
    String city1Admin;
    String city2Admin;
    String enterpriseAdmin;

    private long region(long parent, String level, String name) {
        return fixtures.insert("insert into region (parent_id, level, code, name) values (?, ?, "
                + "(select (coalesce(max(code::int), 899999) + 1)::text from region where code >= '900000'), ?) returning id", parent, level, name);
    }

    private Fixtures.Account workerIn(long enterprise, Long team) {
        Fixtures.Account w = fixtures.worker(org);
        fixtures.execute("update worker set enterprise_id = ?, team_id = ? where account_id = ?", enterprise, team, w.id());
        return w;
    }

    /** Plays a level and moves the run (and the standing it made) to {@code at}. */
    private void playOn(Fixtures.Account worker, long level, int correct, Instant at) {
        Plays.play(fixtures, Fixtures.login(worker.phone()), level, correct);
        long attempt = fixtures.count("select max(id) from attempt where account_id = ?", worker.id());
        java.sql.Timestamp when = java.sql.Timestamp.from(at);
        fixtures.execute("""
                update level_progress lp set passed_at = case when lp.passed_at = a.submitted_at then ? else lp.passed_at end,
                    best_at = case when lp.best_at = a.submitted_at then ? else lp.best_at end
                from attempt a where a.id = ? and lp.account_id = a.account_id and lp.level_id = a.level_id""", when, when, attempt);
        fixtures.execute("update attempt set started_at = ?::timestamptz - (submitted_at - started_at), submitted_at = ? where id = ?",
                when, when, attempt);
    }

    /** Once for the class; in a {@code BeforeEach} because REST Assured knows the test port only then. */
    @BeforeEach
    void buildTheProvince() {
        if (org != null) {
            return;
        }
        org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        fixtures.execute("update region set name = '一市' where id = ?", org.cityId());
        fixtures.execute("update enterprise set name = '一市小型企业', size_class = 'SMALL' where id = ?", org.enterpriseId());
        city2 = region(org.provinceId(), "CITY", "二市");
        county2 = region(city2, "COUNTY", "二县");
        e2 = fixtures.enterprise(county2, org.industryId());
        fixtures.execute("update enterprise set name = '二市中型企业', size_class = 'MEDIUM' where id = ?", e2);
        e3 = fixtures.enterprise(org.countyId(), org.industryId());
        fixtures.execute("update enterprise set name = '一市微型企业', size_class = 'MICRO' where id = ?", e3);

        w1 = fixtures.worker(org);
        w2 = fixtures.worker(org);
        fixtures.worker(org); // w3: registered, never plays
        w4 = workerIn(e2, null);
        workerIn(e2, null); // w5
        workerIn(e2, null); // w7
        w6 = workerIn(e3, null);

        playOn(w1, bank.levelIds().get(0), 8, DAY_A);
        playOn(w1, bank.levelIds().get(0), 6, DAY_A.plusSeconds(600));
        playOn(w2, bank.levelIds().get(0), 1, DAY_A.plusSeconds(60));
        playOn(w1, bank.levelIds().get(1), 5, DAY_B);
        playOn(w4, bank.levelIds().get(0), 7, DAY_B.plusSeconds(60));

        fixtures.execute("update attempt set status = 'TIMED_OUT' where status = 'OPEN'");
        rollup.refresh(1_000).await().indefinitely();

        province = Fixtures.login(fixtures.unionAdminOfRegion(org.provinceId()).phone());
        city1Admin = Fixtures.login(fixtures.unionAdminOfRegion(org.cityId()).phone());
        city2Admin = Fixtures.login(fixtures.unionAdminOfRegion(city2).phone());
        enterpriseAdmin = Fixtures.login(fixtures.unionAdminOfEnterprise(org.enterpriseId()).phone());
    }

    private static JsonPath get(String token, String path, Object... params) {
        var request = given().auth().oauth2(token);
        for (int i = 0; i < params.length; i += 2) {
            request = request.queryParam((String) params[i], params[i + 1]);
        }
        return request.get(path).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aMonthCountsEachActiveWorkerOnceAndItsDaysTheirOwn() {
        JsonPath month = get(province, "/api/union/figures", "period", "MONTH", "at", "2026-11-15");
        assertEquals("2026-11", month.getString("period.label"));
        assertEquals("REGION", month.getString("unit.kind"));
        assertEquals(7, month.getInt("figures.registered"));
        // w1 (both days), w2 (day A), w4 (day B)
        assertEquals(3, month.getInt("figures.active"));
        assertEquals(3.0 / 7, month.getDouble("figures.participationRate"), 1e-6);
        assertEquals(5, month.getInt("figures.challengeRuns"));
        assertEquals(0, month.getInt("figures.practiceRuns"));
        // first passes: w1 level 1 and level 2, w4 level 1 (w1's second pass of level 1 is no new level)
        assertEquals(3, month.getInt("figures.levelsPassed"));
        // scores: 100, 75, 13 (1 of 8), 100 (5 of 5), 88 (7 of 8)
        assertEquals(Math.round((100 + 75 + 13 + 100 + 88) / 5.0 * 10) / 10.0, month.getDouble("figures.averageScore"), 1e-6);
        assertNull(month.get("baseline"), "a province has no parent");

        assertEquals(2, get(province, "/api/union/figures", "period", "DAY", "at", "2026-11-10").getInt("figures.active"));
        assertEquals(2, get(province, "/api/union/figures", "period", "DAY", "at", "2026-11-20").getInt("figures.active"));
        assertEquals(0, get(province, "/api/union/figures", "period", "DAY", "at", "2026-11-11").getInt("figures.active"));
        // a range that is no calendar period counts its distinct workers from their days
        JsonPath range = get(province, "/api/union/figures", "period", "RANGE", "from", "2026-11-09", "to", "2026-11-21");
        assertEquals("RANGE", range.getString("period.kind"));
        assertEquals(3, range.getInt("figures.active"));
        assertEquals(5, range.getInt("figures.challengeRuns"));
        assertEquals(2, get(province, "/api/union/figures", "period", "RANGE", "from", "2026-11-09", "to", "2026-11-12")
                .getInt("figures.active"));
        // a range that is exactly a month reads as the month
        assertEquals("2026-11", get(province, "/api/union/figures", "period", "RANGE", "from", "2026-11-01", "to", "2026-11-30")
                .getString("period.label"));
        assertEquals(3, get(province, "/api/union/figures", "period", "YEAR", "at", "2026-03-01").getInt("figures.active"));
        assertEquals(3, get(province, "/api/union/figures", "period", "QUARTER", "at", "2026-12-31").getInt("figures.active"));
        assertEquals(2, get(province, "/api/union/figures", "period", "WEEK", "at", "2026-11-12").getInt("figures.active"));
    }

    @Test
    void aRangeAcrossNewYearCountsEachWorkerOnceWithTheExamLevelsTheyRan() {
        // a province of its own, so that the shared one's figures stay as they are
        Fixtures.Org other = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(other);
        Fixtures.Account a = fixtures.worker(other);
        Fixtures.Account b = fixtures.worker(other);
        Fixtures.Account c = fixtures.worker(other);
        fixtures.worker(other); // registered, never plays
        Instant dec30 = Instant.parse("2025-12-30T02:00:00Z");
        Instant jan2 = Instant.parse("2026-01-02T02:00:00Z");
        playOn(a, bank.levelIds().get(0), 8, dec30);
        playOn(a, bank.levelIds().get(1), 5, jan2);
        playOn(a, bank.levelIds().get(2), 5, jan2.plusSeconds(600)); // the exam level (grade 5)
        playOn(b, bank.levelIds().get(0), 8, Instant.parse("2026-01-03T02:00:00Z"));
        playOn(c, bank.levelIds().get(0), 2, Instant.parse("2025-12-31T15:30:00Z")); // 2025-12-31 23:30 in Shanghai
        fixtures.execute("update attempt set status = 'TIMED_OUT' where status = 'OPEN'");
        rollup.refresh(1_000).await().indefinitely();
        String admin = Fixtures.login(fixtures.unionAdminOfRegion(other.provinceId()).phone());

        // a runs in both years and is one worker; c's run is on the 31st, local time
        JsonPath acrossNewYear = get(admin, "/api/union/figures", "period", "RANGE", "from", "2025-12-29", "to", "2026-01-05");
        assertEquals(3, acrossNewYear.getInt("figures.active"));
        assertEquals(5, acrossNewYear.getInt("figures.challengeRuns"));
        assertEquals(1, acrossNewYear.getInt("figures.examReached.5"));
        assertEquals(0.75, acrossNewYear.getDouble("figures.participationRate"), 1e-6);
        JsonPath lastDays = get(admin, "/api/union/figures", "period", "RANGE", "from", "2025-12-31", "to", "2026-01-02");
        assertEquals(2, lastDays.getInt("figures.active"));
        assertEquals(1, lastDays.getInt("figures.examReached.5"));
        JsonPath withoutTheExam = get(admin, "/api/union/figures", "period", "RANGE", "from", "2025-12-20", "to", "2025-12-31");
        assertEquals(2, withoutTheExam.getInt("figures.active"));
        assertEquals(0, withoutTheExam.getInt("figures.examReached.5"));
        JsonPath january = get(admin, "/api/union/figures", "period", "RANGE", "from", "2026-01-03", "to", "2026-01-09");
        assertEquals(1, january.getInt("figures.active"));

        // the same range broken down: the city, then by trade, count the same workers
        JsonPath byCity = get(admin, "/api/union/breakdown", "by", "CHILD", "period", "RANGE", "from", "2025-12-29", "to", "2026-01-05");
        assertEquals(3, byCity.getInt("rows[0].figures.active"));
        assertEquals(1, byCity.getInt("rows[0].figures.examReached.5"));
        assertEquals(3, get(admin, "/api/union/breakdown", "by", "TRADE", "period", "RANGE", "from", "2025-12-29", "to", "2026-01-05")
                .getInt("rows[0].figures.active"));
        // and an enterprise's team reads its workers' day rows: the same count
        assertEquals(3, get(admin, "/api/union/breakdown", "unit", "enterprise:" + other.enterpriseId(), "by", "TEAM",
                "period", "RANGE", "from", "2025-12-29", "to", "2026-01-05").getInt("rows[0].figures.active"));
        // within one year the sums per enterprise give the same counts in every breakdown
        for (String by : List.of("CHILD", "TRADE", "INDUSTRY", "SIZE", "ENTERPRISE")) {
            JsonPath rows = get(admin, "/api/union/breakdown", "by", by, "period", "RANGE", "from", "2026-01-01", "to", "2026-01-09");
            assertEquals(2, rows.getList("rows.figures.active", Integer.class).stream().mapToInt(Integer::intValue).sum(), by);
            assertEquals(1, rows.getList("rows.figures.examReached.5", Integer.class).stream().mapToInt(Integer::intValue).sum(), by);
        }
        assertEquals(2, get(admin, "/api/union/figures", "unit", "enterprise:" + other.enterpriseId(), "period", "RANGE",
                "from", "2026-01-01", "to", "2026-01-09").getInt("figures.active"));
        // a later fold is counted by the roll-up itself: the range read before is recounted before the job ends
        playOn(c, bank.levelIds().get(0), 8, Instant.parse("2026-01-04T02:00:00Z"));
        fixtures.execute("update attempt set status = 'TIMED_OUT' where status = 'OPEN'");
        rollup.refresh(1_000).await().indefinitely();
        assertEquals(3, get(admin, "/api/union/figures", "period", "RANGE", "from", "2026-01-01", "to", "2026-01-09").getInt("figures.active"));
    }

    @Inject
    FiguresService figuresService;

    /** A province's thousands of enterprises are read without their id list: the same rows as with it. */
    @Test
    void aBreakdownOfManyEnterprisesReadsTheSameFiguresWithoutTheirIdList() {
        List<List<String>> query = List.of(List.of("by", "ENTERPRISE", "period", "MONTH", "at", "2026-11-01"),
                List.of("by", "ENTERPRISE", "period", "RANGE", "from", "2026-11-09", "to", "2026-11-21"));
        for (List<String> params : query) {
            figuresService.forgetCounts();
            String listed = get(province, "/api/union/breakdown", params.toArray(String[]::new)).prettify();
            int limit = FiguresService.unitListLimit;
            FiguresService.unitListLimit = 0;
            try {
                figuresService.forgetCounts();
                JsonPath everyEnterprise = get(province, "/api/union/breakdown", params.toArray(String[]::new));
                assertEquals(listed, everyEnterprise.prettify(), String.join(" ", params));
                assertEquals(3, everyEnterprise.getList("rows").size(), "the province's three enterprises, no other");
            } finally {
                FiguresService.unitListLimit = limit;
            }
        }
    }

    /** A ranking of every enterprise in a period is counted once per roll-up: the next roll-up counts the new runs in. */
    @Test
    void aRankingOfEveryEnterpriseIsRecountedByEachRollup() {
        Fixtures.Org other = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(other);
        Fixtures.Account worker = fixtures.worker(other);
        playOn(worker, bank.levelIds().get(0), 8, DAY_A);
        fixtures.execute("update attempt set status = 'TIMED_OUT' where status = 'OPEN'");
        rollup.refresh(1_000).await().indefinitely();
        String admin = Fixtures.login(fixtures.unionAdminOfRegion(other.provinceId()).phone());
        int limit = FiguresService.unitListLimit;
        FiguresService.unitListLimit = 0;
        try {
            figuresService.forgetCounts();
            JsonPath before = get(admin, "/api/union/breakdown", "by", "ENTERPRISE", "period", "MONTH", "at", "2026-11-01");
            assertEquals(1, before.getInt("rows[0].figures.challengeRuns"));
            assertEquals(1, before.getInt("rows[0].figures.active"));

            playOn(worker, bank.levelIds().get(1), 7, DAY_B);
            fixtures.execute("update attempt set status = 'TIMED_OUT' where status = 'OPEN'");
            rollup.refresh(1_000).await().indefinitely();
            JsonPath after = get(admin, "/api/union/breakdown", "by", "ENTERPRISE", "period", "MONTH", "at", "2026-11-01");
            assertEquals(2, after.getInt("rows[0].figures.challengeRuns"), "the roll-up recounted the ranking it had served");
            assertEquals(1, after.getInt("rows[0].figures.active"));
        } finally {
            FiguresService.unitListLimit = limit;
        }
    }

    @Test
    void childUnitsAreRankedWithTheirSpreadAndDrillDownToTheWorkers() {
        JsonPath cities = get(province, "/api/union/breakdown", "by", "CHILD", "period", "MONTH", "at", "2026-11-01");
        assertEquals(List.of("一市", "二市"), cities.getList("rows.unit.name"));
        // 一市: w1, w2 of 4 registered (w1, w2, w3 and w6); 二市: w4 of 3
        assertEquals(0.5, cities.getDouble("rows[0].figures.participationRate"), 1e-6);
        assertEquals(1.0 / 3, cities.getDouble("rows[1].figures.participationRate"), 1e-6);
        assertEquals("region:" + org.cityId(), cities.getString("rows[0].drill"));
        double mean = (0.5 + 1.0 / 3) / 2;
        double sd = Math.sqrt((Math.pow(0.5 - mean, 2) + Math.pow(1.0 / 3 - mean, 2)) / 2);
        assertEquals("一市", cities.getString("spread.highest.name"));
        assertEquals("二市", cities.getString("spread.lowest.name"));
        assertEquals(mean, cities.getDouble("spread.mean"), 1e-6);
        assertEquals(sd / mean, cities.getDouble("spread.cv"), 1e-6);
        // ascending puts the laggard first
        assertEquals("二市", get(province, "/api/union/breakdown", "by", "CHILD", "order", "asc", "at", "2026-11-01")
                .getString("rows[0].unit.name"));

        // 一市 → 测试县 → its enterprises
        JsonPath county = get(city1Admin, "/api/union/breakdown", "unit", "region:" + org.countyId(), "by", "CHILD", "at", "2026-11-01");
        assertEquals(List.of("一市小型企业", "一市微型企业"), county.getList("rows.unit.name"));
        assertEquals(List.of(2, 0), county.getList("rows.figures.active"));
        assertEquals(List.of(3, 1), county.getList("rows.figures.registered"));
        JsonPath teams = get(city1Admin, "/api/union/breakdown", "unit", "enterprise:" + org.enterpriseId(), "by", "CHILD", "at", "2026-11-01");
        assertEquals(List.of("一班"), teams.getList("rows.unit.name"));
        assertEquals(2, teams.getInt("rows[0].figures.active"));
        assertEquals("team:" + org.teamId(), teams.getString("rows[0].drill"));

        JsonPath workers = get(city1Admin, "/api/union/workers", "unit", "team:" + org.teamId(), "at", "2026-11-01", "sort", "challengeRuns");
        assertEquals(3, workers.getInt("total"));
        assertEquals(w1.id(), workers.getLong("items[0].accountId"));
        assertEquals(3, workers.getInt("items[0].challengeRuns"));
        assertEquals(2, workers.getInt("items[0].levelsPassed"));
        assertEquals(w1.phone().substring(0, 3) + "****" + w1.phone().substring(7), workers.getString("items[0].phone"));
        assertEquals(0, workers.getInt("items[2].challengeRuns"));
        // a worker is found by name or by the whole phone number, never by a part of it (the list masks four digits)
        assertEquals(List.of(w1.id()), get(city1Admin, "/api/union/workers", "unit", "team:" + org.teamId(), "q", w1.phone())
                .getList("items.accountId", Long.class));
        assertEquals(0, get(city1Admin, "/api/union/workers", "unit", "team:" + org.teamId(), "q", w1.phone().substring(0, 7))
                .getInt("total"));
        assertNull(workers.get("items[2].lastRunAt"));

        JsonPath sizes = get(province, "/api/union/breakdown", "by", "SIZE", "at", "2026-11-01", "sort", "registered");
        Map<String, Integer> active = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            active.put(sizes.getString("rows[" + i + "].unit.sizeClass"), sizes.getInt("rows[" + i + "].figures.active"));
        }
        assertEquals(Map.of("SMALL", 2, "MEDIUM", 1, "MICRO", 0, "LARGE", 0), active);
        JsonPath trades = get(province, "/api/union/breakdown", "by", "TRADE", "at", "2026-11-01");
        assertEquals(List.of(3), trades.getList("rows.figures.active"));
        assertEquals(List.of(7), trades.getList("rows.figures.registered"));
    }

    @Test
    void coverageNamesTheEnterprisesWithNobodyActive() {
        JsonPath coverage = get(province, "/api/union/coverage", "at", "2026-11-01");
        assertEquals(3, coverage.getInt("total.enterprises"));
        assertEquals(2, coverage.getInt("total.covered"));
        assertEquals(List.of("LARGE", "MEDIUM", "SMALL", "MICRO"), coverage.getList("bySize.sizeClass"));
        assertEquals(List.of(0, 1, 1, 0), coverage.getList("bySize.covered"));
        assertEquals(List.of(0, 1, 1, 1), coverage.getList("bySize.enterprises"));
        assertEquals(List.of("一市微型企业"), coverage.getList("uncovered.items.enterprise.name"));
        assertEquals(1, coverage.getInt("uncovered.items[0].registered"));
        // in December nobody was active anywhere
        assertEquals(0, get(province, "/api/union/coverage", "at", "2026-12-01").getInt("total.covered"));
        // a county's enterprises are looked up one by one, the province's joined: the same answer for the same ones
        JsonPath county = get(province, "/api/union/coverage", "unit", "region:" + org.countyId(), "at", "2026-11-01");
        assertEquals(2, county.getInt("total.enterprises"));
        assertEquals(1, county.getInt("total.covered"));
        assertEquals(List.of("一市微型企业"), county.getList("uncovered.items.enterprise.name"));
        assertEquals(1, county.getInt("uncovered.items[0].registered"));
        // a range: active on one of its days (一市小型企业's runs on the 10th and the 20th, 二市中型企业's on the 20th)
        assertEquals(2, get(province, "/api/union/coverage", "period", "RANGE", "from", "2026-11-09", "to", "2026-11-21")
                .getInt("total.covered"));
        assertEquals(1, get(province, "/api/union/coverage", "period", "RANGE", "from", "2026-11-09", "to", "2026-11-12")
                .getInt("total.covered"));
        assertEquals(0, get(province, "/api/union/coverage", "period", "RANGE", "from", "2026-11-11", "to", "2026-11-19")
                .getInt("total.covered"));
        // thousands of enterprises share the counted sums of their ranking: the same answer
        int limit = FiguresService.unitListLimit;
        FiguresService.unitListLimit = 0;
        try {
            figuresService.forgetCounts();
            assertEquals(coverage.prettify(), get(province, "/api/union/coverage", "at", "2026-11-01").prettify());
        } finally {
            FiguresService.unitListLimit = limit;
        }
    }

    @Test
    void weakPointsAreTheScopesErrorRatesAgainstTheProvinces() throws Exception {
        // worked out from the papers themselves: every answer of the November runs, under its knowledge point
        Map<String, long[]> byPoint = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                select k.name, u.correct from attempt a cross join lateral unnest(a.version_ids, a.correct) as u(version_id, correct)
                join question_version_kp qk on qk.version_id = u.version_id join knowledge_point k on k.id = qk.knowledge_point_id
                where a.trade_id = ? and a.status = 'SUBMITTED'""")) {
            s.setLong(1, org.tradeId());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long[] counts = byPoint.computeIfAbsent(rs.getString(1), k -> new long[2]);
                    counts[0]++;
                    if (!rs.getBoolean(2)) {
                        counts[1]++;
                    }
                }
            }
        }
        List<String> expected = byPoint.entrySet().stream().filter(e -> e.getValue()[0] >= FiguresService.MIN_ANSWERS)
                .sorted((a, b) -> Double.compare((double) b.getValue()[1] / b.getValue()[0], (double) a.getValue()[1] / a.getValue()[0]))
                .map(Map.Entry::getKey).toList();
        assertTrue(!expected.isEmpty(), "the runs answer some knowledge point at least ten times");
        JsonPath weak = get(province, "/api/union/weak-points", "at", "2026-11-01");
        assertEquals(expected, weak.getList("items.knowledgePoint.name"));
        String first = expected.get(0);
        assertEquals(byPoint.get(first)[0], weak.getLong("items[0].answered"));
        assertEquals(byPoint.get(first)[1], weak.getLong("items[0].wrong"));
        assertEquals((double) byPoint.get(first)[1] / byPoint.get(first)[0], weak.getDouble("items[0].errorRate"), 1e-6);
        assertEquals(weak.getDouble("items[0].errorRate"), weak.getDouble("items[0].provinceErrorRate"), 1e-6);

        long kp = weak.getLong("items[0].knowledgePoint.id");
        JsonPath questions = get(province, "/api/union/weak-points/" + kp + "/questions", "at", "2026-11-01");
        assertEquals(byPoint.get(first)[0], questions.getList("items.answered", Integer.class).stream().mapToLong(Integer::longValue).sum());
        assertEquals(byPoint.get(first)[1], questions.getList("items.wrong", Integer.class).stream().mapToLong(Integer::longValue).sum());
        // nothing in the month before
        assertEquals(List.of(), get(province, "/api/union/weak-points", "at", "2026-10-01").getList("items"));
    }

    @Test
    void aUnionSeesItsScopeAndItsParentOnlyAsTheBaseline() {
        JsonPath own = get(city2Admin, "/api/union/figures", "at", "2026-11-01");
        assertEquals(city2, own.getLong("unit.id"));
        assertEquals(1, own.getInt("figures.active"));
        assertEquals(org.provinceId(), own.getLong("baseline.unit.id"));
        assertEquals(3, own.getInt("baseline.figures.active"));
        assertEquals(List.of(false, true), own.getList("path.inScope"));

        for (String unit : List.of("region:" + org.cityId(), "region:" + org.provinceId(), "enterprise:" + org.enterpriseId(),
                "team:" + org.teamId(), "region:999999999")) {
            given().auth().oauth2(city2Admin).queryParam("unit", unit).get("/api/union/figures").then().statusCode(404).contentType(PROBLEM);
            given().auth().oauth2(city2Admin).queryParam("unit", unit).get("/api/union/breakdown.xlsx").then().statusCode(404);
        }
        given().auth().oauth2(enterpriseAdmin).queryParam("unit", "region:" + org.countyId()).get("/api/union/figures").then().statusCode(404);
        JsonPath enterprise = get(enterpriseAdmin, "/api/union/figures", "at", "2026-11-01");
        assertEquals("ENTERPRISE", enterprise.getString("unit.kind"));
        assertEquals(2, enterprise.getInt("figures.active"));
        assertEquals(org.countyId(), enterprise.getLong("baseline.unit.id"));
        given().auth().oauth2(Fixtures.login(w1.phone())).get("/api/union/figures").then().statusCode(403).contentType(PROBLEM);
        given().get("/api/union/figures").then().statusCode(401);

        for (String[] bad : new String[][] { { "unit", "city:1" }, { "unit", "region:x" }, { "period", "DECADE" }, { "at", "2026-13-01" },
            { "period", "RANGE" }, { "by", "CITY" } }) {
            given().auth().oauth2(province).queryParam(bad[0], bad[1]).get("/api/union/breakdown").then().statusCode(400).contentType(PROBLEM);
        }
        given().auth().oauth2(province).queryParam("period", "RANGE").queryParam("from", "2025-01-01").queryParam("to", "2026-11-01")
                .get("/api/union/figures").then().statusCode(400).body("violations[0].field", equalTo("to"));
    }

    @Test
    void theTrendComparesTheUnitWithItsParentDayByDay() {
        TestClock.pin(Instant.parse("2026-11-25T04:00:00Z"));
        try {
            JsonPath trend = get(city2Admin, "/api/union/trend", "days", 30);
            assertEquals(30, trend.getList("days").size());
            assertEquals("2026-11-25", trend.getString("days[29].date"));
            Map<String, Integer> own = new LinkedHashMap<>();
            Map<String, Integer> parent = new LinkedHashMap<>();
            for (int i = 0; i < 30; i++) {
                own.put(trend.getString("days[" + i + "].date"), trend.getInt("days[" + i + "].active"));
                parent.put(trend.getString("baseline[" + i + "].date"), trend.getInt("baseline[" + i + "].active"));
            }
            assertEquals(1, own.get("2026-11-20"));
            assertEquals(0, own.get("2026-11-10"));
            assertEquals(2, parent.get("2026-11-10"));
            assertEquals(2, parent.get("2026-11-20"));
            assertEquals(1, own.values().stream().mapToInt(Integer::intValue).sum());
            assertEquals(1.0 / 3, trend.getDouble("days[24].rate"), 1e-6);
        } finally {
            TestClock.release();
        }
    }

    @Test
    void exportsHoldTheTableWithChineseHeaders() throws Exception {
        byte[] sheet = given().auth().oauth2(province).queryParam("by", "CHILD").queryParam("at", "2026-11-01").get("/api/union/breakdown.xlsx")
                .then().statusCode(200).contentType(UnionSheets.MEDIA_TYPE)
                .header("Content-Disposition", containsString("filename*=UTF-8''")).extract().asByteArray();
        List<List<String>> rows = read(sheet);
        assertEquals(List.of("下级单位", "注册职工", "活跃职工", "参与率", "闯关次数", "练习次数", "通关关卡", "平均分", "积分"), rows.get(1));
        assertEquals("一市", rows.get(2).get(0));
        assertEquals("4", rows.get(2).get(1));
        assertEquals("2", rows.get(2).get(2));
        assertEquals(0.5, Double.parseDouble(rows.get(2).get(3)), 1e-6);
        assertEquals("二市", rows.get(3).get(0));
        assertEquals(4, rows.size());

        List<List<String>> uncovered = read(given().auth().oauth2(province).queryParam("at", "2026-11-01").get("/api/union/coverage.xlsx")
                .then().statusCode(200).extract().asByteArray());
        assertEquals(List.of("企业", "所在地区", "规模", "注册职工"), uncovered.get(1));
        assertEquals(List.of("一市微型企业", "测试县", "微型", "1"), uncovered.get(2));

        List<List<String>> workers = read(given().auth().oauth2(enterpriseAdmin).queryParam("unit", "enterprise:" + org.enterpriseId())
                .queryParam("at", "2026-11-01").queryParam("sort", "challengeRuns").get("/api/union/workers.xlsx").then().statusCode(200)
                .extract().asByteArray());
        assertEquals("姓名", workers.get(1).get(0));
        assertEquals(5, workers.size());
        assertEquals("3", workers.get(2).get(5));
    }

    static List<List<String>> read(byte[] xlsx) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx));
                Stream<Row> stream = workbook.getFirstSheet().openStream()) {
            stream.forEach(r -> {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < r.getCellCount(); c++) {
                    cells.add(r.getCellText(c));
                }
                while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
                    cells.remove(cells.size() - 1);
                }
                rows.add(cells);
            });
        }
        return rows;
    }

    // ---------------------------------------------------------------- targets and notices

    private JsonPath setTarget(String token, String unit, String metric, double value, String from, String to, int status) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("unit", unit, "metric", metric, "value", value, "startsOn", from, "deadline", to))
                .post("/api/union/targets").then().statusCode(status).extract().jsonPath();
    }

    @Test
    void aTargetsStatusFollowsTheShareReachedAgainstTheTimeElapsed() throws Exception {
        long id = setTarget(province, "region:" + org.cityId(), "ACTIVE_WORKERS", 4, "2026-11-01", "2026-11-30", 201).getLong("id");
        setTarget(province, "region:" + city2, "LEVELS_PASSED", 1, "2026-11-01", "2026-11-30", 201);
        // only for units directly below, with sensible values
        setTarget(province, "region:" + org.countyId(), "ACTIVE_WORKERS", 4, "2026-11-01", "2026-11-30", 422);
        setTarget(city1Admin, "region:" + org.cityId(), "ACTIVE_WORKERS", 4, "2026-11-01", "2026-11-30", 422);
        setTarget(province, "region:" + org.cityId(), "PARTICIPATION_RATE", 60, "2026-11-01", "2026-11-30", 422);
        setTarget(province, "region:" + org.cityId(), "ACTIVE_WORKERS", 4, "2026-11-30", "2026-11-01", 422);
        // a value the column would store as 0; a small-enterprise coverage target for one enterprise
        setTarget(province, "region:" + org.cityId(), "ACTIVE_WORKERS", 0.00001, "2026-11-01", "2026-11-30", 422);
        setTarget(Fixtures.login(fixtures.unionAdminOfRegion(org.countyId()).phone()), "enterprise:" + org.enterpriseId(), "SMALL_COVERAGE",
                0.5, "2026-11-01", "2026-11-30", 422);
        setTarget(city2Admin, "region:" + org.countyId(), "ACTIVE_WORKERS", 4, "2026-11-01", "2026-11-30", 404);

        // 一市 has 2 of 4 active workers: half reached
        Map<String, String> statusOn = new LinkedHashMap<>();
        for (String day : List.of("2026-11-10", "2026-11-18", "2026-11-20", "2026-12-05")) {
            TestClock.pin(Instant.parse(day + "T04:00:00Z"));
            try {
                JsonPath targets = get(province, "/api/union/targets");
                int i = targets.getList("set.id", Long.class).indexOf(id);
                assertEquals(2.0, targets.getDouble("set[" + i + "].current"), 1e-6);
                assertEquals(0.5, targets.getDouble("set[" + i + "].shareReached"), 1e-6);
                statusOn.put(day, targets.getString("set[" + i + "].status"));
                assertEquals("DONE", targets.getString("set[" + (1 - i) + "].status"));
            } finally {
                TestClock.release();
            }
        }
        // elapsed 10/30, 18/30 (0.5 is at least 80 % of 0.6), 20/30, past the deadline
        assertEquals(Map.of("2026-11-10", "GREEN", "2026-11-18", "AMBER", "2026-11-20", "RED", "2026-12-05", "MISSED"), statusOn);

        // the city sees the target set for it; the province supervises it and notes the follow-up
        TestClock.pin(Instant.parse("2026-11-20T04:00:00Z"));
        try {
            assertEquals(List.of(id), get(city1Admin, "/api/union/targets").getList("mine.id", Long.class));
            assertEquals(List.of(id), get(province, "/api/union/supervision").getList("items.id", Long.class));
            given().auth().oauth2(province).contentType(ContentType.JSON).body(Map.of("note", "已电话督促一市")).post("/api/union/targets/" + id + "/follow-ups")
                    .then().statusCode(201).body("followUps[0].note", equalTo("已电话督促一市"));
            given().auth().oauth2(city1Admin).contentType(ContentType.JSON).body(Map.of("note", "自己督办自己"))
                    .post("/api/union/targets/" + id + "/follow-ups").then().statusCode(404);
            given().auth().oauth2(city2Admin).get("/api/union/supervision").then().statusCode(200).body("items", empty());
            given().auth().oauth2(province).queryParam("unit", "region:" + city2).get("/api/union/supervision").then().statusCode(200)
                    .body("items", empty());
            List<List<String>> sheet = read(given().auth().oauth2(province).get("/api/union/supervision.xlsx").then().statusCode(200)
                    .extract().asByteArray());
            assertEquals(List.of("一市", "活跃职工数"), sheet.get(2).subList(0, 2));
            assertEquals(List.of(4.0, 2.0, 0.5), sheet.get(2).subList(2, 5).stream().map(Double::parseDouble).toList());
            assertEquals("落后", sheet.get(2).get(6));
            assertTrue(sheet.get(2).get(9).contains("已电话督促一市"));
        } finally {
            TestClock.release();
        }
        given().auth().oauth2(city1Admin).delete("/api/union/targets/" + id).then().statusCode(404);
        given().auth().oauth2(province).delete("/api/union/targets/" + id).then().statusCode(204);
        assertEquals(0, fixtures.count("select count(*) from union_target where id = ?", id));
    }

    @Test
    void aNoticeReachesTheWorkersOfTheScopeWhoReadIt() {
        Fixtures.Org elsewhere = fixtures.org();
        Fixtures.Account stranger = fixtures.worker(elsewhere);
        JsonPath sent = given().auth().oauth2(city1Admin).contentType(ContentType.JSON)
                .body(Map.of("title", "十一月闯关月", "body", "请各班组组织职工参加闯关。", "link", "/map", "tradeId", org.tradeId()))
                .post("/api/union/notices").then().statusCode(201).extract().jsonPath();
        long id = sent.getLong("id");
        // 一市: w1, w2, w3 and w6
        assertEquals(4, sent.getInt("recipients"));

        String worker = Fixtures.login(w6.phone());
        JsonPath mine = get(worker, "/api/me/notices");
        assertEquals(1, mine.getInt("unread"));
        assertEquals("十一月闯关月", mine.getString("items[0].title"));
        assertEquals("一市总工会", mine.getString("items[0].from"));
        given().auth().oauth2(worker).post("/api/me/notices/" + id + "/read").then().statusCode(204);
        given().auth().oauth2(worker).post("/api/me/notices/" + id + "/read").then().statusCode(204);
        assertEquals(0, get(worker, "/api/me/notices").getInt("unread"));
        assertEquals(0, get(Fixtures.login(w4.phone()), "/api/me/notices").getList("items").size(), "二市 is not 一市");
        given().auth().oauth2(Fixtures.login(stranger.phone())).post("/api/me/notices/" + id + "/read").then().statusCode(404);

        JsonPath list = get(city1Admin, "/api/union/notices");
        assertEquals(id, list.getLong("items[0].id"));
        assertEquals(4, list.getInt("items[0].recipients"));
        assertEquals(1, list.getInt("items[0].read"));
        assertEquals(0, get(city2Admin, "/api/union/notices").getList("items").size());

        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("title", "", "body", "x"),
                Map.of("title", "t", "body", "x", "link", "https://evil.example/"), Map.of("title", "t", "body", "x", "tradeId", 999999999))) {
            given().auth().oauth2(city1Admin).contentType(ContentType.JSON).body(bad).post("/api/union/notices").then().statusCode(422)
                    .contentType(PROBLEM);
        }
    }

    @Test
    void theMonthlyReportPrintsTheFiguresRankingCoverageWeakPointsAndTargets() {
        String html = given().auth().oauth2(province).queryParam("month", "2026-11").get("/api/union/report").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        assertTrue(html.contains("2026年11月"));
        assertTrue(html.contains("@page { size: A4"));
        assertTrue(html.contains("<svg"));
        assertTrue(html.contains("一市") && html.contains("二市"));
        assertTrue(html.contains("一市微型企业"));
        assertTrue(html.contains("42.9%"), "3 of 7 active");
        given().auth().oauth2(province).queryParam("month", "2026-13").get("/api/union/report").then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(province).queryParam("month", "+999999999-12").get("/api/union/report").then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(city2Admin).queryParam("unit", "region:" + org.cityId()).get("/api/union/report").then().statusCode(404);
    }

    @Test
    void anAttemptStillOpenDoesNotHoldTheFiguresBackAndCountsOnceSubmitted() {
        Fixtures.Org other = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(other);
        Fixtures.Account slow = fixtures.worker(other);
        Fixtures.Account quick = fixtures.worker(other);
        String slowToken = Fixtures.login(slow.phone());
        long open = given().auth().oauth2(slowToken).contentType(ContentType.JSON).body(Map.of("mode", "CHALLENGE"))
                .post("/api/levels/" + bank.levelIds().get(0) + "/attempts").then().statusCode(201).extract().jsonPath().getLong("attemptId");
        Plays.play(fixtures, Fixtures.login(quick.phone()), bank.levelIds().get(0), 8);
        rollup.refresh(1_000).await().indefinitely();
        String admin = Fixtures.login(fixtures.unionAdminOfRegion(other.provinceId()).phone());
        assertEquals(1, get(admin, "/api/union/figures", "period", "YEAR").getInt("figures.active"), "the quick one counts at once");

        List<Map<String, Object>> answers = new ArrayList<>();
        fixtures.answerKey(open).forEach((question, keys) -> answers.add(Map.of("questionId", question, "selected", keys)));
        given().auth().oauth2(slowToken).contentType(ContentType.JSON).body(Map.of("answers", answers))
                .post("/api/attempts/" + open + "/submission").then().statusCode(200);
        rollup.refresh(1_000).await().indefinitely();
        rollup.refresh(1_000).await().indefinitely();
        JsonPath year = get(admin, "/api/union/figures", "period", "YEAR");
        assertEquals(2, year.getInt("figures.active"));
        assertEquals(2, year.getInt("figures.challengeRuns"), "each run once, however often the job runs");
        assertEquals(2, year.getInt("figures.levelsPassed"));
        assertEquals(0, fixtures.count("select count(*) from union_fold_pending where attempt_id = ?", open));
    }
}
