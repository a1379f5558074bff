package io.chuangguan;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.restassured.http.ContentType;

/**
 * Test data written straight to PostgreSQL over JDBC, so a test builds exactly what it needs without going
 * through the API it is testing. Codes and phone numbers are random, so tests never see each other's rows.
 */
@ApplicationScoped
public class Fixtures {

    public static final String PASSWORD = "Passw0rd!";
    /** Cost 4: the stored hash says its cost, so login verifies it like any other. */
    private static final String PASSWORD_HASH = BcryptUtil.bcryptHash(PASSWORD, 4);
    private static final AtomicInteger SERIAL = new AtomicInteger();

    private final DataSource dataSource;
    private final io.vertx.mutiny.redis.client.Redis redis;

    public Fixtures(DataSource dataSource, io.vertx.mutiny.redis.client.Redis redis) {
        this.dataSource = dataSource;
        this.redis = redis;
    }

    /** A Redis command on the application's database, e.g. {@code redis("DEL", key)}; its answer as text. */
    public String redis(String command, String... args) {
        io.vertx.mutiny.redis.client.Request request = io.vertx.mutiny.redis.client.Request.cmd(
                io.vertx.mutiny.redis.client.Command.create(command));
        for (String arg : args) {
            request.arg(arg);
        }
        io.vertx.mutiny.redis.client.Response response = redis.send(request).await().atMost(java.time.Duration.ofSeconds(5));
        return response == null ? null : response.toString();
    }

    /** A province with one city and one county, an industry with a trade, an enterprise with a team. */
    public record Org(long provinceId, long cityId, long countyId, long industryId, long tradeId, long enterpriseId, long teamId) {
    }

    public record Account(long id, String phone) {
    }

    public static String newPhone() {
        return String.format("17%01d%08d", ThreadLocalRandom.current().nextInt(10),
                (ThreadLocalRandom.current().nextInt(1_000_000) * 100 + SERIAL.incrementAndGet() % 100));
    }

    private static String code(int digits) {
        int bound = (int) Math.pow(10, digits - 1);
        return "9" + String.format("%0" + (digits - 1) + "d", ThreadLocalRandom.current().nextInt(bound));
    }

    /** Test regions take codes from 900000 up, clear of real division codes (tests run one at a time). */
    private static final String NEXT_REGION_CODE = "(select (coalesce(max(code::int), 899999) + 1)::text from region where code >= '900000')";

    public Org org() {
        long provinceId = insert("insert into region (parent_id, level, code, name) values (null, 'PROVINCE', " + NEXT_REGION_CODE
                + ", '测试省') returning id");
        long cityId = insert("insert into region (parent_id, level, code, name) values (?, 'CITY', " + NEXT_REGION_CODE
                + ", '测试市') returning id", provinceId);
        long countyId = insert("insert into region (parent_id, level, code, name) values (?, 'COUNTY', " + NEXT_REGION_CODE
                + ", '测试县') returning id", cityId);
        long industryId = insert("insert into industry (code, name) values (?, '测试行业') returning id", "T" + code(9));
        long tradeId = insert("insert into trade (industry_id, code, name) values (?, ?, '测试工种') returning id", industryId, "T" + code(9));
        long enterpriseId = enterprise(countyId, industryId);
        long teamId = insert("insert into team (enterprise_id, name) values (?, '一班') returning id", enterpriseId);
        return new Org(provinceId, cityId, countyId, industryId, tradeId, enterpriseId, teamId);
    }

    public long enterprise(long countyId, long industryId) {
        String credit = "91" + code(6) + "MA" + code(7);
        return insert("insert into enterprise (name, credit_code, region_id, industry_id, size_class) values (?, ?, ?, ?, 'SMALL') returning id",
                "测试企业" + credit.substring(10), credit + io.chuangguan.organization.CreditCode.checkCharacter(credit), countyId, industryId);
    }

    public Account worker(Org org) {
        String phone = newPhone();
        long id = insert("insert into account (phone, display_name, password_hash, roles) values (?, '测试职工', ?, 'WORKER') returning id",
                phone, PASSWORD_HASH);
        execute("insert into worker (account_id, enterprise_id, team_id, trade_id, trade_since) values (?, ?, ?, ?, ?)",
                id, org.enterpriseId(), org.teamId(), org.tradeId(), Date.valueOf(LocalDate.now().minusYears(3)));
        return new Account(id, phone);
    }

    /** A trainer of the industry. */
    public Account trainer(long industryId) {
        String phone = newPhone();
        long id = insert("insert into account (phone, display_name, password_hash, roles) values (?, '培训师', ?, 'TRAINER') returning id",
                phone, PASSWORD_HASH);
        execute("insert into trainer_industry (account_id, industry_id) values (?, ?)", id, industryId);
        return new Account(id, phone);
    }

    public Account systemAdmin() {
        String phone = newPhone();
        return new Account(insert("insert into account (phone, display_name, password_hash, roles) values (?, '测试管理员', ?, 'SYSTEM_ADMIN') returning id",
                phone, PASSWORD_HASH), phone);
    }

    public Account unionAdminOfRegion(long regionId) {
        String phone = newPhone();
        return new Account(insert("insert into account (phone, display_name, password_hash, roles, scope_region_id)"
                + " values (?, '测试工会', ?, 'UNION_ADMIN', ?) returning id", phone, PASSWORD_HASH, regionId), phone);
    }

    public Account unionAdminOfEnterprise(long enterpriseId) {
        String phone = newPhone();
        return new Account(insert("insert into account (phone, display_name, password_hash, roles, scope_enterprise_id)"
                + " values (?, '企业工会', ?, 'UNION_ADMIN', ?) returning id", phone, PASSWORD_HASH, enterpriseId), phone);
    }

    /** A small question bank and a three-level map in the org's trade. */
    /** Levels 1 and 2 learn, level 3 is the exam; {@code examQuestionIds}: the EXAM pool, which only level 3's CHALLENGE draws. */
    public record Bank(List<Long> levelIds, Map<String, List<Long>> questionsByPoint, java.util.Set<Long> examQuestionIds) {
    }

    public static final String[] POINTS = { "安全", "设备", "工艺" };

    /**
     * Ten published questions per knowledge point (安全 difficulty 1-2, 设备 4-5, 工艺 1-3), types cycling
     * SINGLE, MULTIPLE, TRUE_FALSE, four of each ten in the EXAM pool; level 1 draws 3 安全 and 2 of difficulty 4-5
     * among 8; levels 2 and 3 (the exam) draw 5.
     */
    public Bank bank(Org org) {
        Map<String, List<Long>> questions = new java.util.LinkedHashMap<>();
        java.util.Set<Long> exam = new java.util.HashSet<>();
        for (int p = 0; p < POINTS.length; p++) {
            String point = POINTS[p];
            long kp = insert("insert into knowledge_point (trade_id, name) values (?, ?) returning id", org.tradeId(), point);
            List<Long> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String type = switch (i % 3) { case 0 -> "SINGLE"; case 1 -> "MULTIPLE"; default -> "TRUE_FALSE"; };
                String options = type.equals("TRUE_FALSE") ? "[{\"key\":\"A\",\"text\":\"正确\"},{\"key\":\"B\",\"text\":\"错误\"}]"
                        : "[{\"key\":\"A\",\"text\":\"甲" + i + "\"},{\"key\":\"B\",\"text\":\"乙" + i + "\"},"
                                + "{\"key\":\"C\",\"text\":\"丙" + i + "\"},{\"key\":\"D\",\"text\":\"丁" + i + "\"}]";
                String keys = switch (type) { case "SINGLE" -> "C"; case "MULTIPLE" -> "A,D"; default -> "B"; };
                int difficulty = p == 0 ? 1 + i % 2 : p == 1 ? 4 + i % 2 : 1 + i % 3;
                String pool = i % 5 == 1 || i % 5 == 3 ? "EXAM" : "LEARNING";
                long question = insert("insert into question (trade_id, ref, pool) values (?, ?, ?) returning id", org.tradeId(),
                        point + "-" + i, pool);
                if (pool.equals("EXAM")) {
                    exam.add(question);
                }
                long version = insert("insert into question_version (question_id, version, status, type, stem, options, correct_keys,"
                        + " explanation, difficulty, grade, published_at) values (?, 1, 'PUBLISHED', ?, ?, ?, ?, ?, ?, 5, now()) returning id",
                        question, type, point + "题干" + i, options, keys, point + "解析" + i, (short) difficulty);
                execute("insert into question_version_kp (version_id, knowledge_point_id) values (?, ?)", version, kp);
                ids.add(question);
            }
            questions.put(point, ids);
        }
        List<Long> levels = new java.util.ArrayList<>();
        String[] rules = { "{\"parts\":[{\"knowledgePoints\":[\"安全\"],\"count\":3},{\"difficultyMin\":4,\"difficultyMax\":5,\"count\":2}]}",
            "{\"parts\":[]}", "{\"parts\":[]}" };
        for (int i = 0; i < 3; i++) {
            levels.add(insert("insert into level (trade_id, map_order, name, grade, question_count, draw_rule, time_limit_seconds,"
                    + " pass_mark, star1, star2, star3, exam) values (?, ?, ?, 5, ?, ?, 600, 60, 60, 80, 100, ?) returning id",
                    org.tradeId(), i + 1, "第" + (i + 1) + "关", i == 0 ? 8 : 5, rules[i], i == 2));
        }
        return new Bank(levels, questions, exam);
    }

    /** The right answer of every question on an attempt's paper, in the keys the paper shows, read from the database. */
    public Map<Long, List<String>> answerKey(long attemptId) {
        // a hash map, iterated in the same order for the same questions: two accounts' papers of the same questions
        // answered "the first n right" get the same ones right whatever their order on the paper (the copy check's tests)
        return answerKey("attempt", attemptId, new java.util.HashMap<>());
    }

    /** The same for a contest run's paper, in the order the paper shows its questions. */
    public Map<Long, List<String>> contestAnswerKey(long runId) {
        return answerKey("contest_entry", runId, new java.util.LinkedHashMap<>());
    }

    private Map<Long, List<String>> answerKey(String table, long id, Map<Long, List<String>> key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c,
                "select aq.question_id, aq.option_order, v.correct_keys from " + table + " a"
                        + " cross join lateral unnest(a.question_ids, a.version_ids, a.option_orders) with ordinality"
                        + " as aq (question_id, version_id, option_order, ord)"
                        + " join question_version v on v.id = aq.version_id where a.id = ? order by aq.ord", id);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                List<String> order = List.of(rs.getString(2).split(","));
                key.put(rs.getLong(1), java.util.Arrays.stream(rs.getString(3).split(","))
                        .map(k -> String.valueOf("ABCDEFGH".charAt(order.indexOf(k)))).sorted().toList());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return key;
    }

    /**
     * The key a paper shows for an authoring key of one of its questions ("A" written by the author may be shown as
     * "C"), read from the database.
     */
    public String shownKey(long attemptId, long questionId, String authoringKey) {
        String order = text("select aq.option_order from attempt a cross join lateral unnest(a.question_ids, a.option_orders)"
                + " as aq (question_id, option_order) where a.id = ? and aq.question_id = ?", attemptId, questionId);
        return String.valueOf("ABCDEFGH".charAt(order.indexOf(authoringKey) / 2));
    }

    /** Logs in through the API, as a client would. */
    public static String login(String phone) {
        return given().contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\",\"password\":\"" + PASSWORD + "\"}")
                .post("/api/auth/login").then().statusCode(200).extract().path("accessToken");
    }

    public long count(String sql, Object... params) {
        return insert(sql, params);
    }

    public long insert(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public String text(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public void execute(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, params)) {
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
        return s;
    }
}
