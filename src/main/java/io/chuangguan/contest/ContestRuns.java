package io.chuangguan.contest;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.challenge.ChallengeRequests.Answer;
import io.chuangguan.challenge.ChallengeViews.SubmissionResult;
import io.chuangguan.challenge.FixedPaper;
import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.contest.ContestViews.BoardRow;
import io.chuangguan.contest.ContestViews.BoardView;
import io.chuangguan.contest.ContestViews.RunView;
import io.chuangguan.contest.Contests.ContestRow;
import io.chuangguan.questionbank.PaperVersion;
import io.chuangguan.questionbank.QuestionBankService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An entrant's runs: started in the window (as often as the contest allows, one at a time), the frozen paper in an
 * order and with option orders of the entrant's own, the time limit the contest's but never past its window, a late
 * submission refused as a level's is. Keys and explanations stay on the server until the contest is FINAL. After the
 * commit the live boards are written; they are rebuilt from the runs when Redis has lost them.
 */
@ApplicationScoped
public class ContestRuns {

    private static final Logger LOG = Logger.getLogger(ContestRuns.class);
    /** A run submitted under the answer-time floor: kept with its score, on no board, placed nowhere. */
    static final String TOO_FAST = "TOO_FAST";
    private static final String RUN_COLUMNS = "id, contest_id, account_id, enterprise_id, status, started_at, expires_at, question_ids,"
            + " version_ids, option_orders, selected, correct, score, correct_count, elapsed_ms, submitted_at";

    private final Pool pool;
    private final Contests contests;
    private final QuestionBankService bank;
    private final ContestBoards boards;
    private final SecureRandom seeds = new SecureRandom();

    public ContestRuns(Pool pool, Contests contests, QuestionBankService bank, ContestBoards boards) {
        this.pool = pool;
        this.contests = contests;
        this.bank = bank;
        this.boards = boards;
    }

    record RunRow(long id, long contestId, long accountId, long enterpriseId, String status, Instant startedAt, Instant expiresAt,
            List<FixedPaper.Item> paper, String[] selected, Boolean[] correct, Integer score, Integer correctCount, Integer elapsedMs,
            Instant submittedAt) {
    }

    private static RunRow run(Row r) {
        return run(r, 0);
    }

    /** A run from the row's columns {@link #RUN_COLUMNS} from {@code at} on. */
    private static RunRow run(Row r, int at) {
        Long[] questions = r.getArrayOfLongs(at + 7);
        Long[] versions = r.getArrayOfLongs(at + 8);
        String[] orders = r.getArrayOfStrings(at + 9);
        List<FixedPaper.Item> paper = new ArrayList<>(questions.length);
        for (int i = 0; i < questions.length; i++) {
            paper.add(new FixedPaper.Item(questions[i], versions[i], orders[i]));
        }
        return new RunRow(r.getLong(at), r.getLong(at + 1), r.getLong(at + 2), r.getLong(at + 3), r.getString(at + 4),
                Contests.instant(r, at + 5), Contests.instant(r, at + 6), paper, r.getArrayOfStrings(at + 10), r.getArrayOfBooleans(at + 11),
                r.getInteger(at + 12), r.getInteger(at + 13), r.getInteger(at + 14), Contests.instant(r, at + 15));
    }

    /** A started run and whether it was created now (an open one in time is handed back). */
    public record Started(RunView run, boolean created) {
    }

    /**
     * What a start needs, read in one statement (a provincial contest starts thousands of runs in its first minute):
     * the contest, whether the caller's enterprise lies in its organiser's scope, the unit they enter for (null: not
     * registered, or not drawn or named), the frozen paper's versions, and their runs so far.
     */
    private static final String ENTRY = "select " + Contests.COLUMNS + ", " + Contests.scopeHolds("$3", "c.organiser_kind", "c.organiser_id")
            + ", " + ContestService.ENTRANT_UNIT + ", array(select p.version_id from contest_paper p where p.contest_id = c.id order by p.position), "
            + Arrays.stream(RUN_COLUMNS.split(", ")).map(column -> "e." + column).collect(Collectors.joining(", "))
            + " from contest c left join contest_entry e on e.contest_id = c.id and e.account_id = $2 where c.id = $1 order by e.run_no";
    private static final int ENTRY_RUN = 30;

    /**
     * Starts a run: the contest RUNNING, the caller entitled (registered, or named or drawn for their unit) and under
     * the contest's number of runs; an open run in time is handed back (a double tap starts nothing twice).
     */
    public Uni<Started> start(Caller caller, long contestId) {
        long account = caller.accountId();
        Long enterprise = caller.enterpriseId();
        if (!caller.is(Caller.WORKER) || enterprise == null || caller.tradeId() == null) {
            return Uni.createFrom().failure(DomainException.notFound("Contest", contestId));
        }
        return pool.preparedQuery(ENTRY).execute(Tuple.of(contestId, account, enterprise)).chain(rows -> {
            if (rows.size() == 0) {
                throw DomainException.notFound("Contest", contestId);
            }
            Row first = rows.iterator().next();
            ContestRow c = Contests.row(first);
            // the checks of Contests.visibleToWorker, on the row read here
            if (c.phase().equals("DRAFT") || caller.tradeId() != c.tradeId() || !first.getBoolean(27)) {
                throw DomainException.notFound("Contest", contestId);
            }
            Instant now = contests.now();
            String state = c.state(now);
            if (!state.equals("RUNNING")) {
                throw Contests.wrongState(c, state, "RUNNING");
            }
            Long unit = first.getLong(28);
            if (unit == null) {
                throw DomainException.forbidden(c.team() ? "You were not drawn or named for your unit's team" : "Register for this contest first");
            }
            List<Long> paper = Arrays.asList(first.getArrayOfLongs(29));
            List<RunRow> runs = new ArrayList<>();
            rows.forEach(r -> {
                if (r.getValue(ENTRY_RUN) != null) {
                    runs.add(run(r, ENTRY_RUN));
                }
            });
            return started(c, account, unit, paper, runs, now);
        });
    }

    /** The caller's runs so far decide: the open one back, a new one, or none left. */
    private Uni<Started> started(ContestRow c, long account, long unit, List<Long> paper, List<RunRow> runs, Instant now) {
        RunRow open = runs.stream().filter(r -> r.status().equals("OPEN")).findFirst().orElse(null);
        if (open != null && !now.isAfter(open.expiresAt().plus(grace()))) {
            return view(c, open).map(v -> new Started(v, false));
        }
        Uni<Void> closeExpired = open == null ? Uni.createFrom().voidItem() : timeOut(open.id()).replaceWithVoid();
        if (runs.size() >= c.attemptsAllowed()) {
            return closeExpired.chain(() -> Uni.createFrom().failure(DomainException.conflict("contest-runs-used",
                    "You have used the " + c.attemptsAllowed() + " run(s) this contest allows")));
        }
        return closeExpired.chain(() -> create(c, account, unit, paper, runs.size() + 1, now));
    }

    private Uni<Started> create(ContestRow c, long account, long enterprise, List<Long> versionIds, int runNo, Instant now) {
        if (versionIds.isEmpty()) {
            return Uni.createFrom().failure(DomainException.conflict("contest-no-paper", "The contest has no paper"));
        }
        return bank.paperVersions(versionIds).map(versions -> versionIds.stream().map(versions::get).toList())
                .chain(versions -> {
                    long seed = seeds.nextLong();
                    List<FixedPaper.Item> paper = FixedPaper.shuffle(versions, seed);
                    Instant expires = now.plusSeconds(c.durationSeconds());
                    if (expires.isAfter(c.endsAt())) {
                        expires = c.endsAt();
                    }
                    return pool.preparedQuery("""
                            insert into contest_entry (contest_id, account_id, enterprise_id, run_no, status, seed, started_at, expires_at,
                                                       question_ids, version_ids, option_orders)
                            values ($1, $2, $3, $4, 'OPEN', $5, $6, $7, $8, $9, $10)
                            on conflict do nothing returning""" + " " + RUN_COLUMNS)
                            .execute(Tuple.from(Arrays.asList(c.id(), account, enterprise, (short) runNo, seed, Contests.utc(now),
                                    Contests.utc(expires), paper.stream().map(FixedPaper.Item::questionId).toArray(Long[]::new),
                                    paper.stream().map(FixedPaper.Item::versionId).toArray(Long[]::new),
                                    paper.stream().map(FixedPaper.Item::optionOrder).toArray(String[]::new))));
                }).chain(rows -> {
                    if (rows.size() == 0) { // a start at the same moment won: hand that one back
                        return pool.preparedQuery("select " + RUN_COLUMNS + " from contest_entry where contest_id = $1 and account_id = $2"
                                + " and status = 'OPEN'").execute(Tuple.of(c.id(), account)).chain(open -> {
                                    if (open.size() == 0) {
                                        throw DomainException.conflict("contest-start-under-way", "Another start is under way; try again");
                                    }
                                    return view(c, run(open.iterator().next())).map(v -> new Started(v, false));
                                });
                    }
                    return view(c, run(rows.iterator().next())).map(v -> new Started(v, true));
                });
    }

    /** The least time a run may take to count: the levels' floor per question. */
    private int floorSeconds(RunRow r) {
        return contests.config().challenge().minSecondsPerQuestion() * r.paper().size();
    }

    private Duration grace() {
        return contests.config().challenge().submitGrace();
    }

    private Uni<Boolean> timeOut(long runId) {
        return pool.preparedQuery("update contest_entry set status = 'TIMED_OUT' where id = $1 and status = 'OPEN'")
                .execute(Tuple.of(runId)).map(r -> r.rowCount() > 0);
    }

    /** The caller's run; someone else's is not found. */
    public Uni<RunView> run(Caller caller, long contestId, long runId) {
        return contests.get(contestId).chain(c -> own(pool, contestId, runId, caller.accountId()).chain(r -> view(c, r)));
    }

    private static Uni<RunRow> own(SqlClient client, long contestId, long runId, long account) {
        return client.preparedQuery("select " + RUN_COLUMNS + " from contest_entry where id = $1 and contest_id = $2 and account_id = $3")
                .execute(Tuple.of(runId, contestId, account)).map(rows -> {
                    if (rows.size() == 0) {
                        throw DomainException.notFound("Run", runId);
                    }
                    return run(rows.iterator().next());
                });
    }

    private Uni<RunView> view(ContestRow c, RunRow r) {
        return bank.paperVersions(r.paper().stream().map(FixedPaper.Item::versionId).toList()).map(versions -> {
            boolean open = r.status().equals("OPEN");
            boolean fin = c.phase().equals("FINAL");
            int limit = (int) Duration.between(r.startedAt(), r.expiresAt()).toSeconds();
            return new RunView(r.id(), c.id(), r.status(), r.startedAt(), r.expiresAt(), contests.now(), limit,
                    open || fin ? FixedPaper.questions(r.paper(), versions) : null, r.score(), r.correctCount(), r.paper().size(),
                    r.elapsedMs() == null ? null : r.elapsedMs().longValue(),
                    fin && r.selected() != null ? FixedPaper.review(r.paper(), r.selected(), r.correct(), versions) : null,
                    r.status().equals(TOO_FAST) ? SubmissionResult.TOO_FAST : null, r.status().equals(TOO_FAST) ? floorSeconds(r) : null);
        });
    }

    /**
     * Scores a run once: a repeat gets the first result; past the time limit and its grace the run is closed as timed
     * out and the answer is 409. Only the score goes back; the keys wait for the contest to be FINAL.
     */
    public Uni<RunView> submit(Caller caller, long contestId, long runId, List<Answer> answers) {
        long account = caller.accountId();
        return contests.get(contestId).chain(c -> own(pool, contestId, runId, account).chain(r -> switch (r.status()) {
            case "SUBMITTED", TOO_FAST -> view(c, r);
            case "TIMED_OUT" -> Uni.createFrom().failure(timedOut());
            default -> {
                Instant now = contests.now();
                if (now.isAfter(r.expiresAt().plus(grace()))) {
                    yield timeOut(r.id()).chain(() -> Uni.createFrom().failure(timedOut()));
                }
                yield score(c, r, answers, now);
            }
        }));
    }

    private static DomainException timedOut() {
        return DomainException.conflict("attempt-timed-out", "The time for this run ran out; it was closed without a score");
    }

    private Uni<RunView> score(ContestRow c, RunRow r, List<Answer> answers, Instant now) {
        return bank.paperVersions(r.paper().stream().map(FixedPaper.Item::versionId).toList()).chain(versions -> {
            FixedPaper.Marked marked = FixedPaper.mark(answers, r.paper(), versions);
            long elapsed = Duration.between(r.startedAt(), now).toMillis();
            // the levels' floor, on the server's clock: faster than anyone reads the questions, the run is kept, not counted
            boolean tooFast = elapsed < floorSeconds(r) * 1000L;
            return pool.preparedQuery("""
                    update contest_entry set status = $8, selected = $2, correct = $3, score = $4, correct_count = $5,
                        elapsed_ms = $6, submitted_at = $7
                    where id = $1 and status = 'OPEN' returning""" + " " + RUN_COLUMNS)
                    .execute(Tuple.from(Arrays.asList(r.id(), marked.selected(), marked.correct(), (short) marked.score(),
                            (short) marked.correctCount(), (int) Math.min(Integer.MAX_VALUE, elapsed), Contests.utc(now),
                            tooFast ? TOO_FAST : "SUBMITTED")))
                    .chain(rows -> {
                        if (rows.size() == 0) {
                            // a concurrent submission of the same run won: give its result back
                            return own(pool, c.id(), r.id(), r.accountId()).chain(first -> first.status().equals("OPEN")
                                    || first.status().equals("TIMED_OUT") ? Uni.createFrom().failure(timedOut()) : view(c, first));
                        }
                        RunRow done = run(rows.iterator().next());
                        return (tooFast ? Uni.createFrom().item(done) : afterCommit(c, done)).chain(d -> view(c, d));
                    });
        });
    }

    /** The boards after a submission's commit; a Redis that fails costs the boards a rebuild, never the submission. */
    private Uni<RunRow> afterCommit(ContestRow c, RunRow r) {
        long value = ContestBoards.value(r.score(), r.elapsedMs(), Duration.between(c.startsAt(), r.submittedAt()).toSeconds());
        Uni<Double> teamMean = c.team() ? pool.preparedQuery("""
                select coalesce(sum(best), 0)::float8 / greatest(count(*), 1) from (
                    select (select max(e.score) from contest_entry e where e.contest_id = x.contest_id and e.account_id = x.account_id
                            and e.status = 'SUBMITTED') as best
                    from contest_roster x where x.contest_id = $1 and x.enterprise_id = $2 and (x.named or x.drawn)) m""")
                .execute(Tuple.of(c.id(), r.enterpriseId())).map(rows -> rows.iterator().next().getDouble(0))
                : Uni.createFrom().nullItem();
        // a board that missed a write is dropped, so that the next read rebuilds it from the runs with this one in it
        return teamMean.chain(mean -> boards.write(c.id(), r.accountId(), value, c.team() ? r.enterpriseId() : null, mean))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Contest %d's boards not written (rebuilt on the next read): %s", c.id(), e.toString());
                    return boards.delete(c.id()).onFailure().invoke(again -> LOG.errorf(
                            "Contest %d's boards neither written nor dropped: rebuild them (%s)", c.id(), again.toString()))
                            .onFailure().recoverWithNull().replaceWithVoid();
                }).replaceWith(r);
    }

    // ---------------------------------------------------------------- boards

    /** The boards: live from Redis while the contest is open (rebuilt from the runs if Redis lost them), frozen once final. */
    public Uni<BoardView> board(Caller caller, long contestId, int size) {
        return contests.visible(caller, contestId).chain(c -> {
            if (c.phase().equals("FINAL")) {
                return frozenBoard(c, caller.accountId(), size);
            }
            return boards.present(c.id()).chain(present -> present ? Uni.createFrom().voidItem() : rebuild(c))
                    .chain(() -> boards.top(ContestBoards.people(c.id()), size))
                    .chain(people -> boards.top(ContestBoards.teams(c.id()), size).chain(teams -> boards.rank(ContestBoards.people(c.id()),
                            caller.accountId()).chain(myRank -> named(c, people, teams, myRank))));
        });
    }

    private Uni<BoardView> named(ContestRow c, List<ContestBoards.Entry> people, List<ContestBoards.Entry> teams, Long myRank) {
        Long[] accounts = people.stream().map(ContestBoards.Entry::member).toArray(Long[]::new);
        Long[] enterprises = teams.stream().map(ContestBoards.Entry::member).toArray(Long[]::new);
        return pool.preparedQuery("""
                select 'A', a.id, a.display_name, e.name, (select min(x.elapsed_ms) from contest_entry x where x.contest_id = $3
                    and x.account_id = a.id and x.status = 'SUBMITTED' and x.score = (select max(y.score) from contest_entry y
                    where y.contest_id = $3 and y.account_id = a.id and y.status = 'SUBMITTED'))::bigint
                from account a join worker w on w.account_id = a.id join enterprise e on e.id = w.enterprise_id where a.id = any($1)
                union all
                select 'E', e.id, e.name, null, (select count(*) from contest_roster x where x.contest_id = $3 and x.enterprise_id = e.id
                    and (x.named or x.drawn))::bigint
                from enterprise e where e.id = any($2)""").execute(Tuple.of(accounts, enterprises, c.id())).map(rows -> {
                    Map<String, Row> byKey = new HashMap<>();
                    for (Row r : rows) {
                        byKey.put(r.getString(0) + r.getLong(1), r);
                    }
                    List<BoardRow> peopleRows = new ArrayList<>();
                    for (int i = 0; i < people.size(); i++) {
                        Row r = byKey.get("A" + people.get(i).member());
                        peopleRows.add(new BoardRow(i + 1, people.get(i).member(), r == null ? null : r.getString(2),
                                r == null ? null : r.getString(3), ContestBoards.scoreOf(people.get(i).value()), r == null ? null : r.getLong(4),
                                null));
                    }
                    List<BoardRow> teamRows = new ArrayList<>();
                    for (int i = 0; i < teams.size(); i++) {
                        Row r = byKey.get("E" + teams.get(i).member());
                        int members = r == null ? 0 : r.getLong(4).intValue();
                        teamRows.add(new BoardRow(i + 1, teams.get(i).member(), r == null ? null : r.getString(2), null,
                                (int) Math.round(teams.get(i).value()), null, members));
                    }
                    Integer myScore = null;
                    for (int i = 0; i < people.size(); i++) {
                        if (myRank != null && i + 1 == myRank) {
                            myScore = ContestBoards.scoreOf(people.get(i).value());
                        }
                    }
                    return new BoardView(c.id(), "LIVE", peopleRows, c.team() ? teamRows : null, myRank, myScore);
                });
    }

    private Uni<BoardView> frozenBoard(ContestRow c, long caller, int size) {
        return pool.preparedQuery("""
                select 'A', p.place, p.account_id, a.display_name, e.name, p.score::int, p.elapsed_ms::bigint, null::int
                from contest_placing p join account a on a.id = p.account_id join enterprise e on e.id = p.enterprise_id
                where p.contest_id = $1 and (p.place <= $2 or p.account_id = $3)
                union all
                select 'E', t.place, t.enterprise_id, e.name, null, round(t.mean_score)::int, null, t.members
                from contest_team_placing t join enterprise e on e.id = t.enterprise_id where t.contest_id = $1 and t.place <= $2
                order by 1, 2""").execute(Tuple.of(c.id(), size, caller)).map(rows -> {
                    List<BoardRow> people = new ArrayList<>();
                    List<BoardRow> teams = new ArrayList<>();
                    Long myRank = null;
                    Integer myScore = null;
                    for (Row r : rows) {
                        if (r.getString(0).equals("A")) {
                            if (r.getLong(2) == caller) {
                                myRank = r.getInteger(1).longValue();
                                myScore = r.getInteger(5);
                            }
                            if (r.getInteger(1) <= size) {
                                people.add(new BoardRow(r.getInteger(1), r.getLong(2), r.getString(3), r.getString(4), r.getInteger(5),
                                        r.getLong(6), null));
                            }
                        } else {
                            teams.add(new BoardRow(r.getInteger(1), r.getLong(2), r.getString(3), null, r.getInteger(5), null, r.getInteger(7)));
                        }
                    }
                    return new BoardView(c.id(), "FINAL", people, c.team() ? teams : null, myRank, myScore);
                });
    }

    /** Both boards from the submitted runs in PostgreSQL. */
    public Uni<Void> rebuild(ContestRow c) {
        return pool.preparedQuery("""
                select distinct on (account_id) account_id, score, elapsed_ms, submitted_at from contest_entry
                where contest_id = $1 and status = 'SUBMITTED'
                order by account_id, score desc, elapsed_ms, submitted_at""").execute(Tuple.of(c.id())).chain(best -> {
                    Map<Long, Long> people = new HashMap<>();
                    Map<Long, Integer> bestScore = new HashMap<>();
                    for (Row r : best) {
                        people.put(r.getLong(0), ContestBoards.value(r.getInteger(1), r.getInteger(2),
                                Duration.between(c.startsAt(), Contests.instant(r, 3)).toSeconds()));
                        bestScore.put(r.getLong(0), r.getInteger(1));
                    }
                    if (!c.team()) {
                        return boards.replace(c.id(), people, Map.of());
                    }
                    return pool.preparedQuery("select enterprise_id, account_id from contest_roster where contest_id = $1 and (named or drawn)")
                            .execute(Tuple.of(c.id())).chain(members -> {
                                Map<Long, long[]> sums = new HashMap<>();
                                for (Row r : members) {
                                    long[] sum = sums.computeIfAbsent(r.getLong(0), k -> new long[2]);
                                    sum[0] += bestScore.getOrDefault(r.getLong(1), 0);
                                    sum[1]++;
                                }
                                Map<Long, Double> teams = new HashMap<>();
                                sums.forEach((unit, sum) -> teams.put(unit, (double) sum[0] / sum[1]));
                                return boards.replace(c.id(), people, teams);
                            });
                });
    }

    static <T> List<T> list(RowSet<Row> rows, java.util.function.Function<Row, T> map) {
        List<T> list = new ArrayList<>();
        rows.forEach(r -> list.add(map.apply(r)));
        return list;
    }
}
