package io.chuangguan.contest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.challenge.ChallengeService;
import io.chuangguan.common.Caller;
import io.chuangguan.common.Client;
import io.chuangguan.common.DomainException;
import io.chuangguan.contest.ContestViews.AnalysisView;
import io.chuangguan.contest.ContestViews.Placing;
import io.chuangguan.contest.ContestViews.PointRate;
import io.chuangguan.contest.ContestViews.ResultsView;
import io.chuangguan.contest.ContestViews.TeamPlacing;
import io.chuangguan.contest.ContestViews.UnitAnalysis;
import io.chuangguan.contest.Contests.ContestRow;
import io.chuangguan.promotion.PromotionRequests;
import io.chuangguan.promotion.PromotionService;
import io.chuangguan.questionbank.WithheldQuestions;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * After the window: the organiser finalises (placings from each entrant's best run, the teams' means with a no-show
 * counted 0, the qualifiers for the next tier, and the placings the contest rewards promoted through the contest
 * route, once); the analysis of the knowledge points per unit; and each entrant's follow-up practice on the points
 * they got wrong.
 */
@ApplicationScoped
public class ContestResults {

    private static final Logger LOG = Logger.getLogger(ContestResults.class);
    /** How many questions a follow-up practice holds. */
    static final int FOLLOW_UP_QUESTIONS = 10;

    /** The placings ($1 the contest, $2 how many qualify): each entrant's best run, then the shorter time, then the earlier. */
    public static final String PLACINGS = """
            insert into contest_placing (contest_id, account_id, enterprise_id, place, score, elapsed_ms, submitted_at, qualified)
            select $1, account_id, enterprise_id, place, score, elapsed_ms, submitted_at, place <= $2
            from (select b.*, row_number() over (order by score desc, elapsed_ms, submitted_at, account_id)::int as place
                  from (select distinct on (account_id) account_id, enterprise_id, score, elapsed_ms, submitted_at
                        from contest_entry where contest_id = $1 and status = 'SUBMITTED'
                        order by account_id, score desc, elapsed_ms, submitted_at) b) ranked""";

    /** The teams' placings ($1 the contest): the mean of the members' best scores, a member who did not submit counting 0. */
    public static final String TEAM_PLACINGS = """
            insert into contest_team_placing (contest_id, enterprise_id, place, mean_score, members)
            select $1, enterprise_id, row_number() over (order by mean desc, enterprise_id)::int, mean, members
            from (select x.enterprise_id, count(*)::int as members,
                         round(coalesce(sum(p.score), 0)::numeric / count(*), 2) as mean
                  from contest_roster x
                  left join contest_placing p on p.contest_id = x.contest_id and p.account_id = x.account_id
                  where x.contest_id = $1 and (x.named or x.drawn) group by 1) t""";

    /** Certificates of award for the honoured places ($2 of them), numbered by place, each with a code of its own ($4). */
    static final String AWARDS = """
            update contest_placing set award_no = $3 || lpad(place::text, 3, '0'), award_code = ($4::text[])[place]
            where contest_id = $1 and place <= $2""";
    private final Pool pool;
    private final Contests contests;
    private final ContestBoards boards;
    private final PromotionService promotions;
    private final ChallengeService challenges;
    private final WithheldQuestions withheld;

    public ContestResults(Pool pool, Contests contests, ContestBoards boards, PromotionService promotions, ChallengeService challenges,
            WithheldQuestions withheld) {
        this.pool = pool;
        this.contests = contests;
        this.boards = boards;
        this.promotions = promotions;
        this.challenges = challenges;
        this.withheld = withheld;
    }

    /**
     * Finalises once the window and its grace are over: open runs are closed as timed out, the placings written and the
     * contest FINAL, in one transaction; then the rewarded placings are promoted. A repeat (a retried request, a
     * second organiser) writes nothing again and only finishes promotions an interrupted first call left undone:
     * the contest route records a result once per worker and contest, so nobody is promoted twice.
     */
    public Uni<ResultsView> finalise(Caller caller, long id) {
        return contests.organised(caller, id).chain(() -> pool.withTransaction(tx -> contests.lock(tx, id).chain(c -> {
            if (c.phase().equals("FINAL")) {
                return Uni.createFrom().item(c);
            }
            if (c.phase().equals("DRAFT") || contests.now().isBefore(c.endsAt().plus(contests.config().challenge().submitGrace()))) {
                throw Contests.wrongState(c, c.state(contests.now()), "past its window (MARKING)");
            }
            return tx.preparedQuery("update contest_entry set status = 'TIMED_OUT' where contest_id = $1 and status = 'OPEN'")
                    .execute(Tuple.of(id))
                    .chain(() -> tx.preparedQuery(PLACINGS).execute(Tuple.of(id, c.qualifyCount())))
                    .chain(() -> tx.preparedQuery(TEAM_PLACINGS).execute(Tuple.of(id)))
                    .chain(() -> award(tx, id, c.endsAt().atZone(contests.config().zone()).getYear(), awarded(c)))
                    .chain(() -> tx.preparedQuery("update contest set phase = 'FINAL', finalised_at = now() where id = $1").execute(Tuple.of(id)))
                    .replaceWith(c);
        }))).call(c -> {
            withheld.invalidate(c.tradeId());
            return boards.delete(id).onFailure().recoverWithItem(e -> null);
        }).chain(c -> promoteRewarded(caller, c)).chain(() -> results(caller, id));
    }

    /** The places a certificate of award honours: the podium, and every place that qualifies or promotes. */
    static int awarded(ContestRow c) {
        return Math.max(3, Math.max(c.qualifyCount(), c.promoteTop()));
    }

    /**
     * Writes the certificates of award of the first {@code count} places. A number is the certificates' prefix, JS
     * (竞赛), the year the contest was held, the contest and the place.
     */
    public Uni<Void> award(SqlClient client, long contestId, int year, int count) {
        String prefix = String.format("%s-JS%d-%d-", contests.config().promotion().certificatePrefix(), year, contestId);
        return client.preparedQuery(AWARDS).execute(Tuple.of(contestId, count, prefix, awardCodes(count))).replaceWithVoid();
    }

    private static String[] awardCodes(int count) {
        String[] codes = new String[count];
        for (int i = 0; i < count; i++) {
            codes[i] = PromotionService.newVerificationCode();
        }
        return codes;
    }

    /** The printable certificate of award's page: where the entrant and the organiser find it. */
    static String awardUrl(String number, String code) {
        return number == null ? null : "/certificates/awards/" + number + "?code=" + code;
    }

    /** The placings the contest rewards and not yet recorded, through the contest route, one after another. */
    private Uni<Void> promoteRewarded(Caller caller, ContestRow c) {
        if (c.promoteTop() == 0) {
            return Uni.createFrom().voidItem();
        }
        LocalDate heldOn = c.endsAt().atZone(contests.config().zone()).toLocalDate();
        PromotionRequests.Tier tier = PromotionRequests.Tier.valueOf(c.tier());
        return pool.preparedQuery("select account_id, place from contest_placing where contest_id = $1 and place <= $2"
                + " and promotion_note is null order by place").execute(Tuple.of(c.id(), c.promoteTop())).chain(rows -> {
                    List<Row> rewarded = new ArrayList<>();
                    rows.forEach(rewarded::add);
                    // one after another, as a stream: up to a thousand places must not nest a thousand steps
                    return Multi.createFrom().iterable(rewarded).onItem().transformToUniAndConcatenate(r -> {
                        long account = r.getLong(0);
                        int place = r.getInteger(1);
                        var request = new PromotionRequests.ContestResultRequest(c.name(), tier, heldOn, place, "第" + place + "名");
                        return promotions.recordContest(caller, account, request)
                                .map(recorded -> recorded.outcome().promoted() ? "PROMOTED" : recorded.outcome().reason())
                                .onFailure(DomainException.class).recoverWithItem(e -> e.getMessage())
                                .chain(note -> pool.preparedQuery("update contest_placing set promotion_note = left($3, 200),"
                                        + " certificate_no = (select certificate_no from contest_result where account_id = $2"
                                        + " and contest_name = $4 and tier = $5 and held_on = $6)"
                                        + " where contest_id = $1 and account_id = $2")
                                        .execute(Tuple.from(List.of(c.id(), account, note == null ? "" : note, c.name(), c.tier(), heldOn))));
                    }).collect().last().replaceWithVoid();
                }).onFailure().invoke(e -> LOG.warnf("Contest %d: promotions left for the next finalisation: %s", c.id(), e.toString()));
    }

    /** The final placings, for anyone entitled to the contest; 409 before it is final. */
    public Uni<ResultsView> results(Caller caller, long id) {
        return contests.visible(caller, id).chain(c -> contests.organises(caller, c).chain(organiser -> {
            if (!c.phase().equals("FINAL")) {
                throw Contests.wrongState(c, c.state(contests.now()), "FINAL");
            }
            return pool.preparedQuery("""
                    select p.place, p.account_id, a.display_name, p.enterprise_id, e.name, p.score::int, p.elapsed_ms::bigint, p.submitted_at,
                           p.qualified, p.certificate_no, p.promotion_note, p.award_no, p.award_code
                    from contest_placing p join account a on a.id = p.account_id join enterprise e on e.id = p.enterprise_id
                    where p.contest_id = $1 order by p.place""").execute(Tuple.of(id)).chain(people -> pool.preparedQuery("""
                    select t.place, t.enterprise_id, e.name, t.mean_score::float8, t.members from contest_team_placing t
                    join enterprise e on e.id = t.enterprise_id where t.contest_id = $1 order by t.place""").execute(Tuple.of(id))
                    .map(teams -> {
                        List<Placing> placings = new ArrayList<>();
                        for (Row r : people) {
                            // the page's code goes to the entrant and the organiser; others see that there is an award
                            boolean mayOpen = organiser || r.getLong(1) == caller.accountId();
                            placings.add(new Placing(r.getInteger(0), r.getLong(1), r.getString(2), r.getLong(3), r.getString(4), r.getInteger(5),
                                    r.getLong(6), Contests.instant(r, 7), r.getBoolean(8), r.getString(9), r.getString(10), r.getString(11),
                                    mayOpen ? awardUrl(r.getString(11), r.getString(12)) : null));
                        }
                        List<TeamPlacing> teamPlacings = new ArrayList<>();
                        for (Row r : teams) {
                            teamPlacings.add(new TeamPlacing(r.getInteger(0), r.getLong(1), r.getString(2), r.getDouble(3), r.getInteger(4)));
                        }
                        return new ResultsView(id, "FINAL", c.finalisedAt(), placings, teamPlacings);
                    }));
        }));
    }

    /**
     * Error rates per knowledge point over the contest's submitted runs, and per unit its entrants, mean score and
     * weakest points against the contest's rate. The organiser sees every unit, a unit's admin their own; after the
     * window only.
     */
    public Uni<AnalysisView> analysis(Caller caller, long id) {
        return contests.get(id).chain(c -> contests.organises(caller, c).chain(organiser -> {
            Long own = caller.scopeEnterpriseId();
            if (!organiser && (own == null || !caller.is(Caller.UNION_ADMIN))) {
                throw DomainException.notFound("Contest", id);
            }
            return organiser ? Uni.createFrom().item(c) : contests.inScope(pool, c, own).map(in -> {
                if (!in) {
                    throw DomainException.notFound("Contest", id);
                }
                return c;
            });
        })).chain(c -> contests.organises(caller, c).chain(organiser -> {
            Long own = caller.scopeEnterpriseId();
            String state = c.state(contests.now());
            if (!state.equals("MARKING") && !state.equals("FINAL")) {
                throw Contests.wrongState(c, state, "past its window");
            }
            return pool.preparedQuery("""
                    with answers as (
                        select e.enterprise_id, u.version_id, coalesce(u.correct, false) as correct
                        from contest_entry e cross join lateral unnest(e.version_ids, e.correct) as u(version_id, correct)
                        where e.contest_id = $1 and e.status = 'SUBMITTED')
                    select a.enterprise_id, k.knowledge_point_id, kp.name, count(*), count(*) filter (where not a.correct)
                    from answers a join question_version_kp k on k.version_id = a.version_id
                    join knowledge_point kp on kp.id = k.knowledge_point_id
                    group by grouping sets ((a.enterprise_id, k.knowledge_point_id, kp.name), (k.knowledge_point_id, kp.name))""")
                    .execute(Tuple.of(id)).chain(points -> pool.preparedQuery("""
                            select b.enterprise_id, e.name, count(*)::int, avg(b.score)::float8
                            from (select distinct on (account_id) account_id, enterprise_id, score from contest_entry
                                  where contest_id = $1 and status = 'SUBMITTED' order by account_id, score desc) b
                            join enterprise e on e.id = b.enterprise_id
                            where $2::bigint is null or b.enterprise_id = $2
                            group by 1, 2 order by 4 desc""").execute(Tuple.of(id, organiser ? null : own)).map(unitRows -> {
                                Map<Long, PointRate> contestRates = new LinkedHashMap<>();
                                Map<Long, List<PointRate>> byUnit = new LinkedHashMap<>();
                                for (Row r : points) {
                                    if (r.getLong(0) == null) {
                                        contestRates.put(r.getLong(1), rate(r, null));
                                    }
                                }
                                for (Row r : points) {
                                    if (r.getLong(0) != null) {
                                        PointRate all = contestRates.get(r.getLong(1));
                                        byUnit.computeIfAbsent(r.getLong(0), k -> new ArrayList<>()).add(rate(r, all.errorRate()));
                                    }
                                }
                                List<UnitAnalysis> unitsList = new ArrayList<>();
                                long entrants = 0;
                                double scoreSum = 0;
                                for (Row r : unitRows) {
                                    List<PointRate> weakest = new ArrayList<>(byUnit.getOrDefault(r.getLong(0), List.of()));
                                    weakest.sort((x, y) -> Double.compare(y.errorRate(), x.errorRate()));
                                    unitsList.add(new UnitAnalysis(r.getLong(0), r.getString(1), r.getInteger(2), round1(r.getDouble(3)),
                                            weakest.subList(0, Math.min(5, weakest.size()))));
                                    entrants += r.getInteger(2);
                                    scoreSum += r.getInteger(2) * r.getDouble(3);
                                }
                                List<PointRate> all = new ArrayList<>(contestRates.values());
                                all.sort((x, y) -> Double.compare(y.errorRate(), x.errorRate()));
                                return new AnalysisView(id, (int) entrants, entrants == 0 ? null : round1(scoreSum / entrants), all, unitsList);
                            }));
        }));
    }

    private static PointRate rate(Row r, Double contestRate) {
        long answered = r.getLong(3);
        long wrong = r.getLong(4);
        return new PointRate(r.getLong(1), r.getString(2), answered, wrong, answered == 0 ? 0 : (double) wrong / answered, contestRate);
    }

    private static Double round1(Double value) {
        return value == null ? null : Math.round(value * 10) / 10.0;
    }

    /**
     * The entrant's follow-up (练 → 赛 → 练): a practice from the learning pool on the knowledge points they got wrong in
     * the contest, the weakest first; after the window only; 409 when they got nothing wrong.
     */
    public Uni<ChallengeService.Started> followUp(Caller caller, long id, Client client) {
        return contests.visibleToWorker(caller, id).chain(c -> {
            String state = c.state(contests.now());
            if (!state.equals("MARKING") && !state.equals("FINAL")) {
                throw Contests.wrongState(c, state, "past its window");
            }
            return pool.preparedQuery("""
                    select kp.name, count(*) filter (where not coalesce(u.correct, false))::float8 / count(*) as rate
                    from contest_entry e cross join lateral unnest(e.version_ids, e.correct) as u(version_id, correct)
                    join question_version_kp k on k.version_id = u.version_id join knowledge_point kp on kp.id = k.knowledge_point_id
                    where e.contest_id = $1 and e.account_id = $2 and e.status = 'SUBMITTED'
                    group by kp.name having count(*) filter (where not coalesce(u.correct, false)) > 0
                    order by rate desc, kp.name""").execute(Tuple.of(id, caller.accountId())).chain(rows -> {
                        List<String> weak = new ArrayList<>();
                        rows.forEach(r -> weak.add(r.getString(0)));
                        if (weak.isEmpty()) {
                            throw DomainException.conflict("nothing-to-follow-up", "You got nothing wrong in this contest");
                        }
                        return challenges.startPracticeOn(caller, weak, FOLLOW_UP_QUESTIONS, client);
                    });
        });
    }
}
