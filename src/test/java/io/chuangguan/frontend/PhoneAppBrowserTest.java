package io.chuangguan.frontend;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.chuangguan.demo.DemoDataLoader;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The phone app and the console as Quarkus serves them: Quinoa builds frontend/ (and runs its unit tests, {@code npm test}), then
 * frontend/e2e/run.mjs drives Debian's Chromium through it as the demo worker — log in, the map, the first level
 * answered from the key in the database, the result, the unlocked next level, the leaderboard, the wrong-answer book,
 * the grade page — and leaves a screenshot of every screen in target/screenshots. The console's runs (a trainer's import,
 * a city union's figures) and a contest (a worker registers, waits in the lobby, runs it and sees the board; the city's
 * union finalises it in the console) run the same way.
 */
@QuarkusTest
@TestProfile(PhoneAppBrowserTest.WithTheApp.class)
class PhoneAppBrowserTest {

    private static final Path FRONTEND = Path.of("frontend").toAbsolutePath();
    private static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    public static class WithTheApp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.quinoa", "true", "quarkus.quinoa.run-tests", "true", "app.demo.enabled", "true");
        }
    }

    @TestHTTPResource("/")
    URL app;
    @Inject
    Fixtures fixtures;

    @Test
    void theAppShellAndItsRoutesAreServedButTheBackendPathsStayTheBackends() {
        String navigation = "text/html,application/xhtml+xml,*/*;q=0.8";
        given().accept(navigation).get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<div id=\"app\""));
        // a reload on a screen of the app (history routing) gets the shell, not a 404
        for (String screen : new String[] { "/map", "/attempts/42", "/leaderboard" }) {
            given().accept(navigation).get(screen).then().statusCode(200).body(containsString("<div id=\"app\""));
        }
        given().get("/manifest.webmanifest").then().statusCode(200).body(containsString("闯关"));
        given().get("/no-such-file.js").then().statusCode(404);
        // the backend's paths stay the backend's, navigation or not
        given().accept(navigation).get("/api/no-such-endpoint").then().statusCode(404).contentType(containsString("problem+json"));
        given().get("/api/skill-grades").then().statusCode(200).contentType(containsString("json"));
        given().accept(navigation).get("/verify/NOSUCHCODE").then().statusCode(404).contentType(containsString("text/html"))
                .body(org.hamcrest.Matchers.not(containsString("<div id=\"app\"")));
    }

    @Test
    void theConsoleIsServedAtItsRoutesAndThePhonesShellStaysThePhones() {
        String navigation = "text/html,application/xhtml+xml,*/*;q=0.8";
        for (String page : new String[] { "/console/", "/console", "/console/questions/42", "/console/level-map?trade=3" }) {
            given().accept(navigation).get(page).then().statusCode(200).contentType(containsString("text/html"))
                    .body(containsString("管理后台"));
        }
        given().accept(navigation).get("/map").then().statusCode(200).body(org.hamcrest.Matchers.not(containsString("管理后台")));
        given().get("/console/no-such-file.js").then().statusCode(404);
    }

    /**
     * The console as the issue tells it: a trainer imports a sheet with a bad row, fixes it and sends the questions to
     * review; the second trainer approves them and sees them drawn on a level's sample paper.
     */
    @Test
    void aTrainersImportIsReviewedByAnotherAndDrawnOnALevel() throws Exception {
        String tag = "e2e" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String point = "炉前操作" + tag;
        Path sheets = Files.createTempDirectory("console-sheets");
        ConsoleSheets.write(sheets, point, tag);
        browserRun("e2e/console.mjs", Map.of("SHEET_WITH_ERROR", sheets.resolve("questions-with-an-error.xlsx").toString(),
                "SHEET_FIXED", sheets.resolve("questions-fixed.xlsx").toString(), "KNOWLEDGE_POINT", point, "TAG", tag));
        // what the run did, as the database has it: three questions published by the second trainer, none drafted in the map
        assertEquals(3, fixtures.count("select count(*) from question q join question_version v on v.question_id = q.id"
                + " join account r on r.id = v.reviewer_id where v.stem like ? and v.status = 'PUBLISHED' and r.phone = ?",
                "【" + tag + "】%", DemoDataLoader.DEMO_REVIEWER));
        assertEquals(0, fixtures.count("select count(*) from level_map_draft d join trade t on t.id = d.trade_id where t.code = 'STEELMAKER'"));
    }

    /**
     * The union's console as the issue tells it: the city's union drills from the city to an enterprise and its
     * workers, sets a target for a county, exports a table and opens the monthly report.
     */
    @Test
    void aCityUnionDrillsDownSetsATargetExportsAndPrints() throws Exception {
        long before = fixtures.count("select count(*) from union_target t join account a on a.id = t.set_by where a.phone = ?",
                DemoDataLoader.DEMO_UNION_ADMIN);
        browserRun("e2e/union.mjs", Map.of());
        assertEquals(before + 1, fixtures.count("select count(*) from union_target t join account a on a.id = t.set_by"
                + " join region r on t.unit_kind = 'R' and r.id = t.unit_id join region city on city.id = r.parent_id"
                + " where a.phone = ? and city.code = '370100'", DemoDataLoader.DEMO_UNION_ADMIN));
    }

    @Test
    void aWorkerTakesAContestThatTheCityUnionFinalises() throws Exception {
        String winners = "select count(*) from contest_placing p join contest c on c.id = p.contest_id join account a on a.id = p.account_id"
                + " where c.name like '浏览器测试竞赛-%' and c.phase = 'FINAL' and p.place = 1 and a.phone = ?";
        long before = fixtures.count(winners, DemoDataLoader.DEMO_WORKER);
        browserRun("e2e/contest.mjs", Map.of("DATABASE_URL", applicationDatabaseUrl()));
        assertEquals(before + 1, fixtures.count(winners, DemoDataLoader.DEMO_WORKER));
    }

    @BeforeEach
    @AfterEach
    void freshStart() {
        freshStartForTheDemoWorker();
    }

    @Test
    void theDemoWorkerClearsTheFirstLevelOnAPhone() throws Exception {
        browserRun("e2e/run.mjs", Map.of("DATABASE_URL", applicationDatabaseUrl()));
        for (String screen : new String[] { "login", "home", "map", "question", "result", "leaderboard", "wrong-book", "grade" }) {
            try (var files = Files.list(SCREENSHOTS)) {
                assertTrue(files.anyMatch(f -> f.getFileName().toString().contains(screen)), "no screenshot of " + screen);
            }
        }
    }

    /** Runs a browser script of frontend/e2e against this application; fails with its output unless it passes in 4 minutes. */
    private void browserRun(String script, Map<String, String> env) throws Exception {
        File log = Files.createTempFile("e2e", ".log").toFile();
        ProcessBuilder e2e = new ProcessBuilder("node", script).directory(FRONTEND.toFile()).redirectErrorStream(true).redirectOutput(log);
        e2e.environment().putAll(env);
        e2e.environment().put("BASE_URL", app.toString());
        e2e.environment().put("SCREENSHOT_DIR", SCREENSHOTS.toString());
        Process run = e2e.start();
        boolean finished = run.waitFor(4, TimeUnit.MINUTES);
        if (!finished) {
            run.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        System.out.println(output);
        assertTrue(finished, script + " did not finish in 4 minutes:\n" + output);
        assertEquals(0, run.exitValue(), script + " failed:\n" + output);
    }

    /**
     * The database this application runs on, as node-postgres takes it: the configured one, or the embedded one the
     * application started because nothing answered there.
     */
    private static String applicationDatabaseUrl() {
        Config config = ConfigProvider.getConfig();
        String jdbc = config.getValue("quarkus.datasource.jdbc.url", String.class);
        String user = config.getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres");
        String password = config.getOptionalValue("quarkus.datasource.password", String.class).orElse("");
        String credentials = URLEncoder.encode(user, StandardCharsets.UTF_8)
                + (password.isEmpty() ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8));
        return "postgres://" + credentials + "@" + jdbc.substring("jdbc:postgresql://".length());
    }

    /** The browser run expects the demo worker's fresh start, and leaves it so for the other tests of the demo data. */
    private void freshStartForTheDemoWorker() {
        long account = fixtures.count("select id from account where phone = ?", DemoDataLoader.DEMO_WORKER);
        if (fixtures.count("select count(*) from attempt where account_id = ?", account) == 0) {
            return;
        }
        fixtures.execute("delete from leaderboard_outbox where account_id = ?", account);
        fixtures.execute("delete from point_total where account_id = ?", account);
        fixtures.execute("delete from level_progress where account_id = ?", account);
        fixtures.execute("delete from attempt where account_id = ?", account);
        String admin = given().contentType(ContentType.JSON)
                .body(Map.of("phone", DemoDataLoader.DEMO_SYSTEM_ADMIN, "password", DemoDataLoader.DEMO_PASSWORD))
                .post("/api/auth/login").then().statusCode(200).extract().path("accessToken");
        given().auth().oauth2(admin).post("/api/admin/leaderboards/rebuild").then().statusCode(200);
    }
}
