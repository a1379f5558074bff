package io.chuangguan.contest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Contests end to end through the API, on an organisation built here: an individual contest from its definition to
 * the final placings and promotions, and a team contest whose draw the test re-computes from what was published.
 * Phases that follow the clock are reached by moving the contest's dates in the database.
 */
@QuarkusTest
class ContestTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Fixtures fixtures;

    private Map<String, Object> draft(String name, String tier, String organiser, long tradeId, String format) {
        Instant now = Instant.now();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("tier", tier);
        d.put("organiser", organiser);
        d.put("tradeId", tradeId);
        d.put("format", format);
        d.put("registrationOpens", now.minusSeconds(3600).toString());
        d.put("registrationCloses", now.plusSeconds(3600).toString());
        d.put("startsAt", now.plusSeconds(7200).toString());
        d.put("endsAt", now.plusSeconds(10800).toString());
        d.put("durationSeconds", 600);
        d.put("qualifyCount", 2);
        d.put("promoteTop", 1);
        return d;
    }

    private static Response post(String token, String path, Object body) {
        var request = given().auth().oauth2(token);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.post(path);
    }

    private static JsonPath get(String token, String path) {
        return given().auth().oauth2(token).get(path).then().statusCode(200).extract().jsonPath();
    }

    /** Registration closed, the window open now. */
    private void openTheWindow(long contestId) {
        fixtures.execute("update contest set registration_opens = now() - interval '2 hours', registration_closes = now() - interval '2 minutes',"
                + " starts_at = now() - interval '1 minute', ends_at = now() + interval '1 hour' where id = ?", contestId);
    }

    /** The window over, and the grace of a late submission too. */
    private void endTheWindow(long contestId) {
        fixtures.execute("update contest set registration_opens = now() - interval '4 hours', registration_closes = now() - interval '3 hours',"
                + " starts_at = now() - interval '2 hours', ends_at = now() - interval '10 minutes' where id = ?", contestId);
    }

    /** Answers the run's paper right except for the first {@code wrong} questions; the score back. */
    private JsonPath submit(String token, long contestId, long runId, int wrong) {
        List<Map<String, Object>> answers = new ArrayList<>();
        int i = 0;
        for (Map.Entry<Long, List<String>> e : fixtures.contestAnswerKey(runId).entrySet()) {
            List<String> selected = i++ < wrong ? List.of(e.getValue().contains("A") ? "B" : "A") : e.getValue();
            answers.add(Map.of("questionId", e.getKey(), "selected", selected));
        }
        return post(token, "/api/contests/" + contestId + "/runs/" + runId + "/submission", Map.of("answers", answers))
                .then().statusCode(200).extract().jsonPath();
    }

    private long startRun(String token, long contestId, int status) {
        return post(token, "/api/contests/" + contestId + "/runs", null).then().statusCode(status).extract().jsonPath().getLong("runId");
    }

    private void refusedStart(String token, long contestId, int status) {
        post(token, "/api/contests/" + contestId + "/runs", null).then().statusCode(status).contentType(PROBLEM);
    }

    @Test
    void anIndividualContestGoesFromItsDefinitionToPlacingsThatPromoteOnce() {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        String city = Fixtures.login(fixtures.unionAdminOfRegion(org.cityId()).phone());
        String county = Fixtures.login(fixtures.unionAdminOfRegion(org.countyId()).phone());
        String enterpriseAdmin = Fixtures.login(fixtures.unionAdminOfEnterprise(org.enterpriseId()).phone());
        String trainer = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        Fixtures.Account w1 = fixtures.worker(org);
        Fixtures.Account w2 = fixtures.worker(org);
        Fixtures.Account w3 = fixtures.worker(org);
        Fixtures.Org elsewhere = fixtures.org();
        Fixtures.Account outsider = fixtures.worker(elsewhere);
        String t1 = Fixtures.login(w1.phone());
        String t2 = Fixtures.login(w2.phone());
        String t3 = Fixtures.login(w3.phone());

        // the tier is the organiser's level; a county's union cannot organise for its city; nor can a worker
        Map<String, Object> d = draft("第一届测试工种技能竞赛", "CITY", "region:" + org.cityId(), org.tradeId(), "INDIVIDUAL");
        Map<String, Object> wrongTier = new HashMap<>(d);
        wrongTier.put("organiser", "region:" + org.countyId());
        post(city, "/api/contests", wrongTier).then().statusCode(400).contentType(PROBLEM);
        post(county, "/api/contests", d).then().statusCode(404).contentType(PROBLEM);
        post(t1, "/api/contests", d).then().statusCode(403);
        Map<String, Object> backwards = new HashMap<>(d);
        backwards.put("endsAt", d.get("startsAt"));
        post(city, "/api/contests", backwards).then().statusCode(400).contentType(PROBLEM);
        long id = post(city, "/api/contests", d).then().statusCode(201).extract().jsonPath().getLong("id");
        String contest = "/api/contests/" + id;
        JsonPath defined = get(city, contest);
        assertEquals("DRAFT", defined.getString("state"));
        assertEquals("测试市", defined.getString("organiserName"));
        assertEquals("测试工种", defined.getString("tradeName"));
        // a draft is nobody's business but the organiser's
        given().auth().oauth2(t1).get(contest).then().statusCode(404);
        given().auth().oauth2(county).get(contest).then().statusCode(404);

        // the trainer freezes the whole learning pool onto the paper: levels no longer draw any of it
        List<Long> learning = bank.questionsByPoint().values().stream().flatMap(List::stream)
                .filter(q -> !bank.examQuestionIds().contains(q)).toList();
        Fixtures.Account otherTrainer = fixtures.trainer(elsewhere.industryId());
        given().auth().oauth2(Fixtures.login(otherTrainer.phone())).contentType(ContentType.JSON).body(Map.of("questionIds", learning))
                .put(contest + "/paper").then().statusCode(404);
        given().auth().oauth2(trainer).contentType(ContentType.JSON).body(Map.of("questionIds", List.of(learning.get(0), learning.get(0))))
                .put(contest + "/paper").then().statusCode(400);
        given().auth().oauth2(trainer).contentType(ContentType.JSON).body(Map.of("questionIds", List.of(learning.get(0), 99_999_999L)))
                .put(contest + "/paper").then().statusCode(422).contentType(PROBLEM);
        assertEquals(learning.size(), given().auth().oauth2(trainer).contentType(ContentType.JSON).body(Map.of("questionIds", learning))
                .put(contest + "/paper").then().statusCode(200).extract().jsonPath().getInt("paperSize"));
        given().auth().oauth2(t3).contentType(ContentType.JSON).body(Map.of("mode", "PRACTICE"))
                .post("/api/levels/" + bank.levelIds().get(0) + "/attempts").then().statusCode(409);

        // registration
        post(t1, contest + "/registrations", null).then().statusCode(404);
        assertEquals("REGISTRATION", post(city, contest + "/publish", null).then().statusCode(200).extract().path("state"));
        post(city, contest + "/publish", null).then().statusCode(409).contentType(PROBLEM);
        given().auth().oauth2(Fixtures.login(outsider.phone())).get(contest).then().statusCode(404);
        // a county's union inside the city sees the city's contest (to register its workers); another province's does not
        given().auth().oauth2(county).get(contest).then().statusCode(200);
        given().auth().oauth2(Fixtures.login(fixtures.unionAdminOfRegion(elsewhere.countyId()).phone())).get(contest).then().statusCode(404);
        JsonPath registered = post(t1, contest + "/registrations", null).then().statusCode(200).extract().jsonPath();
        assertTrue(registered.getBoolean("mine.registered"));
        JsonPath bulk = post(enterpriseAdmin, contest + "/registrations/bulk", Map.of("accountIds", List.of(w2.id(), w1.id(), outsider.id())))
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(w2.id()), bulk.getList("registered", Long.class));
        assertEquals(List.of(w1.id()), bulk.getList("already", Long.class));
        assertEquals(List.of(outsider.id()), bulk.getList("refused.accountId", Long.class));
        assertEquals(2, get(city, contest + "/registrations").getList("accountId").size());
        // a county's union inside the city sees its own entrants; another province's sees nothing
        assertEquals(List.of(w1.id(), w2.id()), get(county, contest + "/registrations").getList("accountId", Long.class).stream().sorted().toList());
        given().auth().oauth2(Fixtures.login(fixtures.unionAdminOfRegion(elsewhere.countyId()).phone())).get(contest + "/registrations")
                .then().statusCode(404);
        given().auth().oauth2(t1).get(contest + "/registrations").then().statusCode(403);
        // nobody runs before the window
        post(t1, contest + "/runs", null).then().statusCode(409).contentType(PROBLEM);
        Map<String, Object> edit = new HashMap<>(d);
        edit.put("name", "改名");
        given().auth().oauth2(city).contentType(ContentType.JSON).body(edit).put(contest).then().statusCode(409);

        openTheWindow(id);
        // the paper froze with the window
        given().auth().oauth2(trainer).contentType(ContentType.JSON).body(Map.of("questionIds", learning))
                .put(contest + "/paper").then().statusCode(409);
        refusedStart(t3, id, 403); // not registered
        long run1 = startRun(t1, id, 201);
        JsonPath open = get(t1, contest + "/runs/" + run1);
        assertEquals(learning.size(), open.getList("questions").size());
        assertNull(open.get("review"));
        assertFalse(open.prettify().contains("correctKeys"), "no key before the contest is final");
        assertEquals(run1, startRun(t1, id, 200), "a second start hands the open run back");
        given().auth().oauth2(t2).get(contest + "/runs/" + run1).then().statusCode(404);

        JsonPath first = submit(t1, id, run1, 0);
        assertEquals(100, first.getInt("score"));
        assertNull(first.get("review"));
        assertNull(first.get("questions"), "a submitted run shows no questions before the contest is final");
        assertEquals(100, submit(t1, id, run1, 3).getInt("score"), "a repeated submission gets the first result");
        post(t1, contest + "/runs", null).then().statusCode(409).contentType(PROBLEM); // one run allowed
        long run2 = startRun(t2, id, 201);
        // Redis refuses w2's board write (here: the board's key holds something else): the board is dropped, not left
        // without w2, and the next read rebuilds it from the runs
        fixtures.redis("SET", "cg:contest:{C:" + id + "}:people", "not a board");
        int score2 = submit(t2, id, run2, 4).getInt("score");
        assertEquals(Math.round(100f * (learning.size() - 4) / learning.size()), score2);

        // the live board, and the same board after Redis lost it
        JsonPath board = get(t2, contest + "/board");
        assertEquals(List.of(w1.id(), w2.id()), board.getList("people.id", Long.class));
        assertEquals(List.of(100, score2), board.getList("people.score", Integer.class));
        assertEquals(2, board.getLong("myRank"));
        fixtures.redis("DEL", "cg:contest:{C:" + id + "}:people");
        assertEquals(List.of(w1.id(), w2.id()), get(city, contest + "/board").getList("people.id", Long.class));

        // finalisation waits for the window's end; a retry changes nothing and promotes nobody twice
        post(city, contest + "/finalise", null).then().statusCode(409).contentType(PROBLEM);
        given().auth().oauth2(t1).get(contest + "/results").then().statusCode(409);
        endTheWindow(id);
        post(county, contest + "/finalise", null).then().statusCode(404);
        JsonPath results = post(city, contest + "/finalise", null).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(1, 2), results.getList("people.place", Integer.class));
        assertEquals(List.of(w1.id(), w2.id()), results.getList("people.accountId", Long.class));
        assertEquals(List.of(true, true), results.getList("people.qualified", Boolean.class));
        assertNotNull(results.getString("people[0].certificateNo"), "the winner is promoted through the contest route");
        assertNull(results.getString("people[1].certificateNo"));
        JsonPath again = post(city, contest + "/finalise", null).then().statusCode(200).extract().jsonPath();
        assertEquals(results.getString("people[0].certificateNo"), again.getString("people[0].certificateNo"));
        // certificates of award for the podium: the organiser has every page's address, an entrant only their own
        assertEquals(again.getList("people.awardNo"), results.getList("people.awardNo"), "a retry issues no new awards");
        String award = results.getString("people[0].awardUrl");
        assertTrue(results.getString("people[0].awardNo").endsWith("-001"));
        JsonPath asW2 = get(t2, contest + "/results");
        assertNull(asW2.get("people[0].awardUrl"));
        assertEquals(results.getString("people[1].awardUrl"), asW2.getString("people[1].awardUrl"));
        assertEquals(results.getString("people[1].awardUrl"), get(t2, contest).getString("mine.awardUrl"));
        String page = given().get(award).then().statusCode(200).contentType("text/html").extract().asString();
        assertTrue(page.contains("获奖证书") && page.contains("第 1 名") && page.contains("第一届测试工种技能竞赛"), page);
        assertTrue(page.contains(w1.phone().substring(0, 3) + "****" + w1.phone().substring(7)), "the winner's phone, masked, is on it");
        given().get(award.replaceAll("code=.*", "code=WRONGCODE123")).then().statusCode(404);
        given().get(award.replaceAll("\\?code=.*", "")).then().statusCode(404);
        assertEquals(1, fixtures.count("select count(*) from promotion_record where account_id = ? and route = 'CONTEST'", w1.id()));
        assertEquals(1, fixtures.count("select count(*) from contest_result where account_id = ?", w1.id()));
        assertEquals("FINAL", get(t1, contest).getString("state"));
        assertEquals(1, get(t1, contest).getInt("mine.place"));
        assertEquals(List.of(run1), get(t1, contest).getList("mine.runIds", Long.class), "the runs, on any phone");

        // now the keys: the review of a run, and the frozen board
        JsonPath reviewed = get(t2, contest + "/runs/" + run2);
        assertEquals(learning.size(), reviewed.getList("review").size());
        assertEquals(4, reviewed.getList("review.correct", Boolean.class).stream().filter(c -> !c).count());
        assertEquals("FINAL", get(t2, contest + "/board").getString("source"));

        // the analysis: w2's four wrong answers against everyone's answers
        JsonPath analysis = get(city, contest + "/analysis");
        assertEquals(2, analysis.getInt("entrants"));
        assertEquals((100 + score2) / 2.0, analysis.getDouble("meanScore"), 0.05);
        long answered = analysis.getList("points.answered", Long.class).stream().mapToLong(Long::longValue).sum();
        long wrong = analysis.getList("points.wrong", Long.class).stream().mapToLong(Long::longValue).sum();
        assertEquals(2L * learning.size(), answered, "each question has one knowledge point");
        assertEquals(4, wrong);
        assertEquals(1, analysis.getList("units").size());
        given().auth().oauth2(Fixtures.login(fixtures.unionAdminOfEnterprise(elsewhere.enterpriseId()).phone()))
                .get(contest + "/analysis").then().statusCode(404);

        // the follow-up practice: w2's weak points, from the learning pool the final contest gave back
        post(t1, contest + "/follow-up", null).then().statusCode(409).contentType(PROBLEM);
        JsonPath followUp = post(t2, contest + "/follow-up", null).then().statusCode(201).extract().jsonPath();
        assertEquals("PRACTICE", followUp.getString("mode"));
        List<Long> wrongPoints = fixtures.contestAnswerKey(run2).keySet().stream().limit(4).toList();
        java.util.Set<String> weakPoints = bank.questionsByPoint().entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(wrongPoints::contains)).map(Map.Entry::getKey).collect(Collectors.toSet());
        for (Long q : followUp.getList("questions.id", Long.class)) {
            assertTrue(bank.questionsByPoint().entrySet().stream().anyMatch(e -> weakPoints.contains(e.getKey()) && e.getValue().contains(q)),
                    "question " + q + " is on one of the points got wrong");
        }
        given().auth().oauth2(t3).contentType(ContentType.JSON).body(Map.of("mode", "PRACTICE"))
                .post("/api/levels/" + bank.levelIds().get(0) + "/attempts").then().statusCode(201);

        // the province's contest that follows: its qualifiers are invited, nobody else enters
        String province = Fixtures.login(fixtures.unionAdminOfRegion(org.provinceId()).phone());
        Map<String, Object> next = draft("全省测试工种决赛", "PROVINCE", "region:" + org.provinceId(), org.tradeId(), "INDIVIDUAL");
        next.put("qualifiesFrom", id);
        Map<String, Object> sideways = new HashMap<>(next);
        sideways.put("tier", "CITY");
        sideways.put("organiser", "region:" + org.cityId());
        post(city, "/api/contests", sideways).then().statusCode(400).contentType(PROBLEM); // not a lower tier
        long finalId = post(province, "/api/contests", next).then().statusCode(201).extract().jsonPath().getLong("id");
        post(province, "/api/contests/" + finalId + "/publish", null).then().statusCode(200);
        assertTrue(get(t2, "/api/contests/" + finalId).getBoolean("mine.mayRegister"), "a qualifier is invited");
        assertFalse(get(t3, "/api/contests/" + finalId).getBoolean("mine.mayRegister"));
        post(t3, "/api/contests/" + finalId + "/registrations", null).then().statusCode(403).contentType(PROBLEM);
        post(t2, "/api/contests/" + finalId + "/registrations", null).then().statusCode(200);
        JsonPath invited = post(enterpriseAdmin, "/api/contests/" + finalId + "/registrations/bulk", Map.of("accountIds", List.of(w1.id(), w3.id())))
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(w1.id()), invited.getList("registered", Long.class));
        assertEquals(List.of(w3.id()), invited.getList("refused.accountId", Long.class));
    }

    @Test
    void aTeamContestsDrawFollowsFromThePublishedSeedAndRostersAndANoShowCountsZero() throws Exception {
        Fixtures.Org org = fixtures.org();
        Fixtures.Bank bank = fixtures.bank(org);
        long e2 = fixtures.enterprise(org.countyId(), org.industryId());
        String city = Fixtures.login(fixtures.unionAdminOfRegion(org.cityId()).phone());
        String admin1 = Fixtures.login(fixtures.unionAdminOfEnterprise(org.enterpriseId()).phone());
        String admin2 = Fixtures.login(fixtures.unionAdminOfEnterprise(e2).phone());
        String trainer = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        List<Fixtures.Account> first = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            first.add(fixtures.worker(org));
        }
        List<Fixtures.Account> second = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Fixtures.Account w = fixtures.worker(org);
            fixtures.execute("update worker set enterprise_id = ?, team_id = null where account_id = ?", e2, w.id());
            second.add(w);
        }
        Map<String, Object> d = draft("班组对抗赛", "CITY", "region:" + org.cityId(), org.tradeId(), "TEAM");
        d.put("teamDrawn", 2);
        d.put("teamNamed", 1);
        long id = post(city, "/api/contests", d).then().statusCode(201).extract().jsonPath().getLong("id");
        String contest = "/api/contests/" + id;
        List<Long> paper = bank.questionsByPoint().values().stream().flatMap(List::stream).limit(5).toList();
        given().auth().oauth2(trainer).contentType(ContentType.JSON).body(Map.of("questionIds", paper)).put(contest + "/paper")
                .then().statusCode(200);
        post(city, contest + "/publish", null).then().statusCode(200);

        // units enter their teams; a unit names one member; another unit's admin cannot enter this one
        Fixtures.Account named = first.get(0);
        post(admin2, contest + "/teams", Map.of("enterpriseId", org.enterpriseId(), "named", List.of())).then().statusCode(404);
        post(admin1, contest + "/teams", Map.of("enterpriseId", org.enterpriseId(), "named", List.of(named.id(), first.get(1).id())))
                .then().statusCode(400);
        post(admin1, contest + "/teams", Map.of("enterpriseId", org.enterpriseId(), "named", List.of(second.get(0).id())))
                .then().statusCode(422);
        post(admin1, contest + "/teams", Map.of("enterpriseId", org.enterpriseId(), "named", List.of(named.id()))).then().statusCode(200);
        post(admin2, contest + "/teams", Map.of("enterpriseId", e2, "named", List.of())).then().statusCode(200);
        post(Fixtures.login(first.get(2).phone()), contest + "/registrations", null).then().statusCode(409);

        // the close freezes the rosters and commits the seed; not before registration closes
        post(city, contest + "/close", null).then().statusCode(409);
        fixtures.execute("update contest set registration_closes = now() - interval '1 minute' where id = ?", id);
        JsonPath closed = post(city, contest + "/close", null).then().statusCode(200).extract().jsonPath();
        String commitment = closed.getString("seedCommitment");
        assertEquals(64, commitment.length());
        assertNull(closed.get("seed"), "the seed stays secret until the draw");
        Map<Long, List<Long>> rosters = new HashMap<>();
        Map<Long, String> hashes = new HashMap<>();
        for (int t = 0; t < 2; t++) {
            long unit = closed.getLong("teams[" + t + "].enterpriseId");
            rosters.put(unit, closed.getList("teams[" + t + "].roster", Long.class));
            hashes.put(unit, closed.getString("teams[" + t + "].rosterHash"));
        }
        assertEquals(first.stream().map(Fixtures.Account::id).sorted().toList(), rosters.get(org.enterpriseId()));
        assertEquals(second.stream().map(Fixtures.Account::id).sorted().toList(), rosters.get(e2));
        for (long unit : rosters.keySet()) {
            assertEquals(sha256(rosters.get(unit).stream().map(String::valueOf).collect(Collectors.joining(","))), hashes.get(unit));
        }

        // the draw reveals the seed; the drawn members follow from it and the published rosters
        JsonPath drawn = post(city, contest + "/draw", null).then().statusCode(200).extract().jsonPath();
        String seed = drawn.getString("seed");
        assertEquals(commitment, sha256(seed));
        post(city, contest + "/draw", null).then().statusCode(409);
        Map<Long, List<Long>> published = new HashMap<>();
        for (int t = 0; t < 2; t++) {
            published.put(drawn.getLong("teams[" + t + "].enterpriseId"), drawn.getList("teams[" + t + "].drawn", Long.class));
        }
        for (long unit : rosters.keySet()) {
            List<Long> candidates = rosters.get(unit).stream().filter(a -> unit != org.enterpriseId() || a != named.id()).toList();
            assertEquals(rederive(seed, unit, candidates, 2), published.get(unit), "the draw of " + unit);
        }
        long drawnFirst = published.get(org.enterpriseId()).get(0);
        long noShow = published.get(org.enterpriseId()).get(1);
        long notDrawn = rosters.get(org.enterpriseId()).stream()
                .filter(a -> a != named.id() && !published.get(org.enterpriseId()).contains(a)).findFirst().orElseThrow();
        Map<Long, Fixtures.Account> byId = new HashMap<>();
        first.forEach(a -> byId.put(a.id(), a));
        second.forEach(a -> byId.put(a.id(), a));
        assertEquals("DRAWN", get(Fixtures.login(byId.get(drawnFirst).phone()), contest).getString("mine.teamRole"));

        // the contest: a not-drawn member cannot run; the unit's second drawn member does not show
        openTheWindow(id);
        refusedStart(Fixtures.login(byId.get(notDrawn).phone()), id, 403);
        Map<Long, Integer> scores = new HashMap<>();
        int wrong = 0;
        for (long member : List.of(named.id(), drawnFirst, published.get(e2).get(0), published.get(e2).get(1))) {
            String token = Fixtures.login(byId.get(member).phone());
            long run = startRun(token, id, 201);
            scores.put(member, submit(token, id, run, wrong++).getInt("score"));
        }
        JsonPath live = get(city, contest + "/board");
        int sum1 = scores.get(named.id()) + scores.get(drawnFirst);
        int sum2 = scores.get(published.get(e2).get(0)) + scores.get(published.get(e2).get(1));
        assertEquals(sum1 * 2 > sum2 * 3 ? org.enterpriseId() : e2, live.getLong("teams[0].id"));

        endTheWindow(id);
        JsonPath results = post(city, contest + "/finalise", null).then().statusCode(200).extract().jsonPath();
        Map<Long, Double> means = new HashMap<>();
        for (int t = 0; t < 2; t++) {
            means.put(results.getLong("teams[" + t + "].enterpriseId"), results.getDouble("teams[" + t + "].meanScore"));
        }
        assertEquals(Math.round(sum1 / 3.0 * 100) / 100.0, means.get(org.enterpriseId()), 0.001, "a no-show scores 0 in the mean");
        assertEquals(Math.round(sum2 / 2.0 * 100) / 100.0, means.get(e2), 0.001);
        assertEquals(3, results.getInt("teams.find { it.enterpriseId == " + org.enterpriseId() + " }.members"));

        // a roster changed after its hash was published does not hash to it any more
        fixtures.execute("insert into contest_roster (contest_id, enterprise_id, account_id) values (?, ?, ?)", id, e2,
                fixtures.worker(org).id());
        JsonPath proof = get(Fixtures.login(byId.get(drawnFirst).phone()), contest + "/draw");
        for (int t = 0; t < 2; t++) {
            assertEquals(proof.getLong("teams[" + t + "].enterpriseId") != e2, proof.getBoolean("teams[" + t + "].rosterIntact"));
        }
    }

    /** The draw as its documentation states it, written here apart from the application's code. */
    private static List<Long> rederive(String seed, long enterpriseId, List<Long> candidates, int k) throws Exception {
        Map<Long, String> tickets = new HashMap<>();
        for (long id : candidates) {
            tickets.put(id, sha256(seed + ":" + enterpriseId + ":" + id));
        }
        return candidates.stream().sorted(Comparator.comparing((Long id) -> tickets.get(id)).thenComparing(id -> id)).limit(k).sorted().toList();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
