package io.chuangguan.challenge;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chuangguan.challenge.Attempt.Mode;
import io.chuangguan.challenge.AttemptStore.AttemptRow;
import io.chuangguan.challenge.AttemptStore.PaperRow;
import io.chuangguan.challenge.AttemptStore.ProgressRow;
import io.chuangguan.challenge.AttemptStore.ToScore;
import io.chuangguan.challenge.ChallengeRequests.Answer;
import io.chuangguan.challenge.ChallengeViews.AttemptSummary;
import io.chuangguan.challenge.ChallengeViews.AttemptView;
import io.chuangguan.challenge.ChallengeViews.PaperQuestion;
import io.chuangguan.challenge.ChallengeViews.ReviewQuestion;
import io.chuangguan.challenge.ChallengeViews.SubmissionResult;
import io.chuangguan.common.AppConfig;
import io.chuangguan.common.Caller;
import io.chuangguan.common.Client;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.PageView;
import io.chuangguan.common.Paging;
import io.chuangguan.common.Periods;
import io.chuangguan.common.PipelineRider;
import io.chuangguan.common.RetryLaterException;
import io.chuangguan.common.Violation;
import io.chuangguan.integrity.AnswerCopies;
import io.chuangguan.integrity.ClientActivity;
import io.chuangguan.leaderboard.LeaderboardService;
import io.chuangguan.leaderboard.PeriodTotal;
import io.chuangguan.level.DrawRule;
import io.chuangguan.level.Level;
import io.chuangguan.level.LevelService;
import io.chuangguan.questionbank.QuestionBankService;
import io.chuangguan.questionbank.QuestionOption;
import io.chuangguan.questionbank.QuestionDraft;
import io.chuangguan.questionbank.QuestionPool;
import io.chuangguan.questionbank.QuestionType;
import io.chuangguan.questionbank.PaperVersion;
import io.chuangguan.questionbank.Candidate;
import io.chuangguan.questionbank.WithheldQuestions;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/** Attempts: start (draw a paper), read, submit (score once, on the server), history. */
@ApplicationScoped
public class ChallengeService {

    /** A practice from the wrong-answer book has no level: it is "passed" at the usual 60 %. */
    private static final int WRONG_BOOK_PASS_MARK = 60;

    private final AttemptStore store;
    private final LevelService levels;
    private final QuestionBankService bank;
    private final WrongAnswerBook wrongAnswers;
    private final LeaderboardService leaderboards;
    private final AnswerCopies copies;
    private final ClientActivity clients;
    private final MeterRegistry metrics;
    private final AppConfig config;
    private final Clock clock;
    private final ObjectMapper json;
    private final SecureRandom seeds = new SecureRandom();
    private final WithheldQuestions withheld;

    public ChallengeService(AttemptStore store, LevelService levels, QuestionBankService bank, WrongAnswerBook wrongAnswers,
            LeaderboardService leaderboards, AnswerCopies copies, ClientActivity clients, MeterRegistry metrics, AppConfig config,
            Clock clock,
            ObjectMapper json, WithheldQuestions withheld) {
        this.withheld = withheld;
        this.store = store;
        this.levels = levels;
        this.bank = bank;
        this.wrongAnswers = wrongAnswers;
        this.leaderboards = leaderboards;
        this.copies = copies;
        this.clients = clients;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
        this.json = json;
    }

    /** A started attempt and whether it was created now (or an open one was handed back). */
    public record Started(AttemptView attempt, boolean created) {
    }

    /** An attempt with its paper, as read or written by the start. */
    private record Opened(AttemptRow attempt, boolean created) {
    }

    /**
     * Starts a level. A locked level or another trade's is 403. A second CHALLENGE start while one is open and in
     * time returns the open one. The usual start is one insert that only succeeds when the level is open and no
     * CHALLENGE of it is under way; when it does not, a check says which.
     */
    public Uni<Started> start(Caller caller, long levelId, Mode mode, Client client) {
        long accountId = caller.accountId();
        return levels.cachedLevel(levelId).invoke(level -> requireOwnTrade(caller, level.tradeId))
                .invoke(level -> {
                    if (level.retired) {
                        throw DomainException.conflict("level-retired", "This level was taken off the map");
                    }
                })
                .chain(level -> levels.cachedMap(level.tradeId).chain(map -> {
                    // an exam level's CHALLENGE draws only exam questions, and only so often a day; practising it draws
                    // the level's grade from the learning pool, whose keys the review may show
                    boolean examRun = level.exam && mode == Mode.CHALLENGE;
                    return bank.publishedCandidates(level.tradeId, examRun ? QuestionPool.EXAM : QuestionPool.LEARNING)
                            .chain(all -> withheld.without(level.tradeId, all)).chain(pool -> {
                        Level previous = LevelService.previousIn(map, level);
                        Long previousId = previous == null ? null : previous.id;
                        long seed = seeds.nextLong();
                        List<Paper.Drawn> paper = Paper.draw(pool, DrawRule.parseCached(level.drawRule), level.grade, level.questionCount, seed);
                        // an empty bank inserts nothing: the check still says first whether the level is locked or under way
                        Supplier<Uni<Opened>> create = () -> paper.isEmpty() ? Uni.createFrom().nullItem()
                                : create(accountId, level.tradeId, level.id, previousId, mode, seed, paper, level.timeLimitSeconds, client,
                                        examRun);
                        return create.get().onItem().ifNull().switchTo(() -> whyNotStarted(accountId, previous, level, mode,
                                paper.isEmpty(), create, true));
                    });
                }))
                .chain(opened -> view(opened.attempt()).map(v -> new Started(v, opened.created())));
    }

    /**
     * A start whose insert did not happen: 403 when the level is locked, the open CHALLENGE while it is in time, 409
     * for an empty bank; an open CHALLENGE past its time is closed and the insert tried once more. Two starts at once
     * both get here: the loser's second look finds the winner's attempt and returns it.
     */
    private Uni<Opened> whyNotStarted(long accountId, Level previous, Level level, Mode mode, boolean emptyBank,
            Supplier<Uni<Opened>> create, boolean tryAgain) {
        return store.startCheck(accountId, previous == null ? null : previous.id, level.id).chain(check -> {
            if (!check.previousPassed()) {
                throw new DomainException(403, "level-locked", "Forbidden", "Pass \"" + previous.name + "\" first to open this level");
            }
            AttemptRow open = mode == Mode.CHALLENGE ? check.openChallenge() : null;
            if (open != null && inTime(open)) {
                return Uni.createFrom().item(new Opened(open, false));
            }
            if (emptyBank) {
                throw DomainException.conflict("empty-question-bank", "This level has no published questions yet");
            }
            if (!tryAgain) {
                throw DomainException.conflict("attempt-in-progress", "Another start of this level is under way; try again");
            }
            // an open CHALLENGE past its time is closed first, so the new one fits the one-open index
            Uni<Boolean> closeExpired = open == null ? Uni.createFrom().item(true) : store.timeOut(open.id());
            return closeExpired.chain(() -> create.get()).onItem().ifNull()
                    .switchTo(() -> whyNotStarted(accountId, previous, level, mode, false, create, false));
        });
    }

    /** Whether an open attempt may still be submitted. */
    private boolean inTime(AttemptRow open) {
        return !clock.instant().isAfter(open.expiresAt().plus(config.challenge().submitGrace()));
    }

    /** A practice attempt drawn from the caller's open wrong answers. */
    public Uni<Started> startWrongBookPractice(Caller caller, Long tradeId, String knowledgePoint, Integer count, Client client) {
        long accountId = caller.accountId();
        long trade = tradeId != null ? tradeId : requireWorker(caller);
        requireOwnTrade(caller, trade);
        int size = count == null ? 10 : count;
        return wrongAnswers.openQuestionIds(accountId, trade)
                .chain(questionIds -> bank.publishedLearningCandidatesOf(trade, questionIds))
                .chain(all -> withheld.without(trade, all))
                .map(pool -> knowledgePoint == null ? pool
                        : pool.stream().filter(c -> c.knowledgePoints().contains(knowledgePoint)).toList())
                .chain(pool -> {
                    if (pool.isEmpty()) {
                        return Uni.createFrom().failure(DomainException.conflict("wrong-answer-book-empty",
                                "Your wrong-answer book has no open questions" + (knowledgePoint == null ? "" : " on " + knowledgePoint)));
                    }
                    long seed = seeds.nextLong();
                    List<Paper.Drawn> paper = Paper.drawFrom(pool, size, seed);
                    return create(accountId, trade, null, null, Mode.PRACTICE, seed, paper,
                            paper.size() * config.challenge().wrongBookSecondsPerQuestion(), client, false);
                })
                .chain(opened -> view(opened.attempt()).map(v -> new Started(v, true)));
    }

    /**
     * A practice attempt on the named knowledge points of the caller's trade (a contest's follow-up: the points the
     * worker got wrong there), drawn from the learning pool, weakest point first as listed; 409 when none has a question.
     */
    public Uni<Started> startPracticeOn(Caller caller, List<String> knowledgePoints, int count, Client client) {
        long trade = requireWorker(caller);
        return bank.publishedCandidates(trade, QuestionPool.LEARNING).chain(all -> withheld.without(trade, all)).chain(pool -> {
            List<Candidate> onPoints = pool.stream().filter(c -> knowledgePoints.stream().anyMatch(c.knowledgePoints()::contains)).toList();
            if (onPoints.isEmpty()) {
                return Uni.createFrom().failure(DomainException.conflict("no-practice-questions",
                        "The learning pool has no questions on these knowledge points yet"));
            }
            long seed = seeds.nextLong();
            List<Paper.Drawn> paper = Paper.drawFrom(onPoints, count, seed);
            return create(caller.accountId(), trade, null, null, Mode.PRACTICE, seed, paper,
                    paper.size() * config.challenge().wrongBookSecondsPerQuestion(), client, false);
        }).chain(opened -> view(opened.attempt()).map(v -> new Started(v, true)));
    }

    /** The caller's attempt; someone else's is "not found", so ids reveal nothing. */
    public Uni<AttemptView> attempt(Caller caller, long attemptId) {
        return store.own(attemptId, caller.accountId())
                .onItem().ifNull().failWith(() -> DomainException.notFound("Attempt", attemptId))
                .chain(this::view);
    }

    /**
     * Scores a submission once. A repeated submission gets the first result back; one after the time limit plus
     * grace closes the attempt as timed out (committed) and answers 409. After the commit the boards are brought up
     * to date and the ranks read (or reported pending when Redis is away).
     */
    public Uni<SubmissionResult> submit(Caller caller, long attemptId, List<Answer> answers) {
        return submitOnce(caller, attemptId, answers, true)
                .map(Submitted::orThrow)
                .chain(done -> leaderboards.syncAndRank(caller.accountId(), attemptId, done.result().submittedAt(), done.totals(),
                        done.rider())
                        .map(done.result()::withRanks));
    }

    /**
     * One go at a submission. When the attempt was closed between the read and the write (a concurrent submission of
     * it won), the attempt is read again ({@code retry}) and the winner's result given back.
     */
    private Uni<Submitted> submitOnce(Caller caller, long attemptId, List<Answer> answers, boolean retry) {
        Uni<Submitted> again = retry ? Uni.createFrom().deferred(() -> submitOnce(caller, attemptId, answers, false))
                : Uni.createFrom().failure(() -> new IllegalStateException("Attempt " + attemptId + " closed twice"));
        return store.forSubmission(attemptId, caller.accountId())
                .onItem().ifNull().failWith(() -> DomainException.notFound("Attempt", attemptId))
                .chain(toScore -> switch (toScore.attempt().status()) {
                    case SUBMITTED -> storedResult(toScore.attempt()).map(Submitted::replay);
                    case TIMED_OUT -> Uni.createFrom().item(Submitted.TIMED_OUT);
                    case OPEN -> {
                        Instant now = clock.instant();
                        if (now.isAfter(toScore.attempt().expiresAt().plus(config.challenge().submitGrace()))) {
                            yield store.timeOut(attemptId).chain(closed -> closed ? Uni.createFrom().item(Submitted.TIMED_OUT) : again);
                        }
                        yield score(toScore, answers, now).onItem().ifNull().switchTo(again);
                    }
                });
    }

    /** The worker's attempts, newest first, each with its level's name (from the cached maps, after the session). */
    public Uni<PageView<AttemptSummary>> history(Caller caller, Paging paging) {
        return attemptsPage(caller.accountId(), paging).chain(page -> {
            Set<Long> levelIds = page.getValue().stream().map(a -> a.levelId).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
            Uni<List<Level>> named = levelIds.isEmpty() ? Uni.createFrom().item(List.of())
                    : Uni.join().all(levelIds.stream().map(levels::cachedLevel).toList()).andFailFast();
            return named.map(list -> {
                Map<Long, String> names = list.stream().collect(Collectors.toMap(l -> l.id, l -> l.name));
                List<AttemptSummary> items = page.getValue().stream().map(a -> new AttemptSummary(a.id, a.levelId,
                        a.levelId == null ? "错题练习" : names.get(a.levelId), a.mode, a.status, a.startedAt, a.submittedAt,
                        a.score, a.passed, a.stars)).toList();
                return new PageView<>(items, page.getKey(), paging.page(), paging.size());
            });
        });
    }

    /** The total and one page of the worker's attempts; the session (and its connection) ends with it. */
    @WithSession
    Uni<Map.Entry<Long, List<Attempt>>> attemptsPage(long accountId, Paging paging) {
        var query = Attempt.<Attempt>find("accountId", Sort.descending("startedAt", "id"), accountId).page(paging.page(), paging.size());
        return query.count().chain(total -> query.list().map(attempts -> Map.entry(total, attempts)));
    }

    // ---- start ----------------------------------------------------------------------------------

    private static long requireWorker(Caller caller) {
        Long trade = caller.tradeId();
        if (!caller.is(Caller.WORKER) || trade == null) {
            throw DomainException.forbidden("Only workers take levels");
        }
        return trade;
    }

    private static void requireOwnTrade(Caller caller, long tradeId) {
        if (requireWorker(caller) != tradeId) {
            throw DomainException.forbidden("This level belongs to another trade than yours");
        }
    }

    /**
     * A new attempt with its paper, or null when the level is locked or a CHALLENGE of it is under way; 429 when the
     * start went over the worker's quota of starts, or of this exam's starts a day.
     */
    private Uni<Opened> create(long accountId, long tradeId, Long levelId, Long previousLevelId, Mode mode, long seed,
            List<Paper.Drawn> paper, int timeLimitSeconds, Client client, boolean exam) {
        if (paper.isEmpty()) {
            return Uni.createFrom().failure(DomainException.conflict("empty-question-bank",
                    "This level has no published questions yet"));
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plusSeconds(timeLimitSeconds);
        Long[] questionIds = new Long[paper.size()];
        Long[] versionIds = new Long[paper.size()];
        String[] optionOrders = new String[paper.size()];
        for (int i = 0; i < paper.size(); i++) {
            questionIds[i] = paper.get(i).candidate().questionId();
            versionIds[i] = paper.get(i).candidate().versionId();
            optionOrders[i] = paper.get(i).optionOrder();
        }
        return store.create(accountId, tradeId, levelId, previousLevelId, mode, seed, now, expiresAt, questionIds, versionIds,
                        optionOrders, client, exam)
                .map(created -> {
                    AppConfig.Limits limits = config.limits();
                    if (limits.enabled() && created.startsUsed() > limits.attemptStarts().max()) {
                        throw tooMany("attempt-starts", created.startsResetAt(), "You are starting levels faster than anyone can play them");
                    }
                    if (limits.enabled() && created.examsUsed() > limits.examStarts().max()) {
                        throw tooMany("exam-starts", created.examsResetAt(), "You have taken this exam as often as a day allows");
                    }
                    if (created.attemptId() == null) {
                        return null;
                    }
                    List<PaperRow> rows = new ArrayList<>(paper.size());
                    for (int i = 0; i < paper.size(); i++) {
                        rows.add(new PaperRow(i, questionIds[i], versionIds[i], optionOrders[i], null, null));
                    }
                    return new Opened(new AttemptRow(created.attemptId(), accountId, tradeId, levelId, mode, Attempt.Status.OPEN, now,
                            expiresAt, null, rows, client == null ? null : client.deviceId(), client == null ? null : client.address()),
                            true);
                });
    }

    private RetryLaterException tooMany(String limit, Instant resetsAt, String why) {
        metrics.counter("chuangguan.limit.refusals", "limit", limit).increment();
        long seconds = Math.max(1, resetsAt == null ? 60 : Duration.between(clock.instant(), resetsAt).toSeconds() + 1);
        return new RetryLaterException("too-many-" + limit, why + "; try again in " + RetryLaterException.describe(seconds), seconds);
    }

    // ---- read -----------------------------------------------------------------------------------

    private Uni<AttemptView> view(AttemptRow attempt) {
        List<PaperRow> paper = attempt.paper();
        return bank.paperVersions(paper.stream().map(PaperRow::versionId).toList()).map(versions -> {
            List<PaperQuestion> questions = paper.stream().map(q -> paperQuestion(q, versions.get(q.versionId()))).toList();
            boolean closed = attempt.status() != Attempt.Status.OPEN;
            List<ReviewQuestion> review = closed ? review(paper, versions) : null;
            SubmissionResult result = attempt.result() == null ? null : read(attempt.result()).withQuestions(review);
            int limit = (int) java.time.Duration.between(attempt.startedAt(), attempt.expiresAt()).toSeconds();
            return new AttemptView(attempt.id(), attempt.mode(), attempt.status(), attempt.levelId(), attempt.startedAt(),
                    attempt.expiresAt(), clock.instant(), limit, questions, result, review);
        });
    }

    /** Options in the paper's order, relabelled A, B, C ... as shown. */
    static PaperQuestion paperQuestion(PaperRow question, PaperVersion version) {
        if (version.type() == QuestionType.FILL_BLANK) {
            // a blank's option is its answers: the paper says only how many blanks there are
            return new PaperQuestion(question.questionId(), version.type(), version.stem(), List.of(), version.options().size());
        }
        String order = question.optionOrder();
        int count = Paper.optionCount(order);
        List<QuestionOption> options = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            options.add(new QuestionOption(Paper.shownKey(i), optionText(version, Paper.authoringKeyAt(order, i))));
        }
        return new PaperQuestion(question.questionId(), version.type(), version.stem(), options, null);
    }

    private static String optionText(PaperVersion version, String key) {
        for (QuestionOption option : version.options()) {
            if (option.key().equals(key)) {
                return option.text();
            }
        }
        return null;
    }

    /** A FILL_BLANK question's review: the texts typed, and each blank's accepted answers under the same rules as keys. */
    private static ReviewQuestion reviewFilled(PaperRow question, PaperVersion version, String stored, boolean correct) {
        List<String> typed = FilledAnswers.read(stored);
        ReviewQuestion.Withheld withheld = version.pool() == QuestionPool.EXAM ? ReviewQuestion.Withheld.EXAM
                : typed.isEmpty() ? ReviewQuestion.Withheld.NOT_ANSWERED : null;
        if (withheld != null) {
            return new ReviewQuestion(question.questionId(), typed, correct, null, null, withheld, null);
        }
        return new ReviewQuestion(question.questionId(), typed, correct, null, version.explanation(), null,
                version.options().stream().map(o -> QuestionDraft.accepted(o.text())).toList());
    }

    /** A closed paper's review, from the answers stored with it (none for one that timed out). */
    private static List<ReviewQuestion> review(List<PaperRow> paper, Map<Long, PaperVersion> versions) {
        return paper.stream().map(q -> review(q, versions.get(q.versionId()), q.selected(), Boolean.TRUE.equals(q.correct())))
                .toList();
    }

    /** The first answer to a submission, for a repeat: the stored result with its review rebuilt from the paper. */
    private Uni<SubmissionResult> storedResult(AttemptRow attempt) {
        return bank.paperVersions(attempt.paper().stream().map(PaperRow::versionId).toList())
                .map(versions -> read(attempt.result()).withQuestions(review(attempt.paper(), versions)));
    }

    /**
     * One question of a review: what was chosen and whether it was right, and the key with its explanation only for
     * a LEARNING question the worker answered. An EXAM question's key never leaves the server, and an unanswered
     * question's neither (else an empty submission would harvest a paper's keys).
     */
    static ReviewQuestion review(PaperRow question, PaperVersion version, String selectedKeys, boolean correct) {
        if (version.type() == QuestionType.FILL_BLANK) {
            return reviewFilled(question, version, selectedKeys, correct);
        }
        List<String> selected = selectedKeys == null || selectedKeys.isEmpty() ? List.of() : List.of(selectedKeys.split(","));
        ReviewQuestion.Withheld withheld = version.pool() == QuestionPool.EXAM ? ReviewQuestion.Withheld.EXAM
                : selected.isEmpty() ? ReviewQuestion.Withheld.NOT_ANSWERED : null;
        return withheld != null ? new ReviewQuestion(question.questionId(), selected, correct, null, null, withheld)
                : new ReviewQuestion(question.questionId(), selected, correct,
                        Paper.toShownKeys(version.correctKeys(), question.optionOrder()), version.explanation(), null);
    }

    // ---- submit ---------------------------------------------------------------------------------

    /**
     * What a submission came to once written; turned into the answer after the boards. {@code totals}: what the boards
     * get; null to read them from PostgreSQL.
     */
    private record Submitted(SubmissionResult result, List<PeriodTotal> totals, boolean timedOut, PipelineRider rider) {
        static final Submitted TIMED_OUT = new Submitted(null, List.of(), true, PipelineRider.NONE);

        /** A repeat: the first result; its totals are read back, so its ranks match the first answer's. */
        static Submitted replay(SubmissionResult result) {
            return new Submitted(result, null, false, PipelineRider.NONE);
        }

        Submitted orThrow() {
            if (timedOut) {
                throw DomainException.conflict("attempt-timed-out", "The time for this attempt ran out; it was closed without a score");
            }
            return this;
        }
    }

    /** The scored submission, or null when the attempt was closed meanwhile. */
    private Uni<Submitted> score(ToScore toScore, List<Answer> answers, Instant now) {
        AttemptRow attempt = toScore.attempt();
        List<PaperRow> paper = attempt.paper();
        Uni<Level> levelOf = attempt.levelId() == null ? Uni.createFrom().nullItem() : levels.cachedLevel(attempt.levelId());
        return bank.paperVersions(paper.stream().map(PaperRow::versionId).toList()).chain(versions -> levelOf.chain(level ->
                (level == null ? Uni.createFrom().<List<Level>>item(List.of()) : levels.cachedMap(level.tradeId)).chain(map -> {
                    int total = paper.size();
                    String[] selectedKeys = new String[total];
                    Boolean[] correctness = new Boolean[total];
                    int correctCount = mark(answers, paper, versions, selectedKeys, correctness);
                    List<ReviewQuestion> review = new ArrayList<>(total);
                    for (int i = 0; i < total; i++) {
                        review.add(review(paper.get(i), versions.get(paper.get(i).versionId()), selectedKeys[i], correctness[i]));
                    }
                    int score = Math.round(100f * correctCount / total);
                    // the floor, on the server's clock: a run faster than anyone can read its questions is kept, not counted
                    long elapsedMs = Duration.between(attempt.startedAt(), now).toMillis();
                    int floorSeconds = config.challenge().minSecondsPerQuestion() * total;
                    boolean tooFast = attempt.mode() == Mode.CHALLENGE && elapsedMs < floorSeconds * 1000L;
                    Mode counts = tooFast ? Mode.PRACTICE : attempt.mode();
                    Standing s = level == null
                            ? new Standing(score >= WRONG_BOOK_PASS_MARK, 0, 0, null, false, null)
                            : standing(counts, toScore.progress(), level, LevelService.nextIn(map, level), score);
                    SubmissionResult result = new SubmissionResult(attempt.id(), attempt.mode(), score, correctCount, total,
                            s.passed(), s.stars(), s.pointsEarned(), s.bestScore(), s.nextLevelUnlocked(), s.nextLevelId(), now,
                            !tooFast, tooFast ? SubmissionResult.TOO_FAST : null, tooFast ? floorSeconds : null, review, null);
                    String week = Periods.week(now, config.zone());
                    String month = Periods.month(now, config.zone());
                    return store.saveSubmission(new AttemptStore.Scored(attempt.id(), attempt.accountId(), attempt.levelId(),
                            counts == Mode.CHALLENGE, now, elapsedMs, !tooFast, selectedKeys, correctness, score, correctCount, s.passed(),
                            s.stars(), s.pointsEarned(), week, month,
                            // the review is not stored: it is rebuilt from the answers kept in the paper
                            write(result.withQuestions(null)))).map(totals -> totals == null ? null
                                    : new Submitted(result, totals, false, integrityNotes(attempt, now, selectedKeys, correctness)));
                })));
    }

    /**
     * Marks the answers against the paper (422 when they do not fit it): fills each position's answer as stored
     * ({@code selectedKeys}) and whether it was right ({@code correctness}); the number right.
     */
    static int mark(List<Answer> answers, List<PaperRow> paper, Map<Long, PaperVersion> versions, String[] selectedKeys,
            Boolean[] correctness) {
        Map<Long, List<String>> chosen = validate(answers, paper, versions);
        int correctCount = 0;
        for (int i = 0; i < paper.size(); i++) {
            PaperRow q = paper.get(i);
            PaperVersion version = versions.get(q.versionId());
            boolean correct;
            if (version.type() == QuestionType.FILL_BLANK) {
                List<String> typed = chosen.getOrDefault(q.questionId(), List.of());
                correct = FilledAnswers.allRight(typed, version.options());
                selectedKeys[i] = FilledAnswers.write(typed);
            } else {
                List<String> selected = sorted(chosen.getOrDefault(q.questionId(), List.of()));
                correct = !selected.isEmpty() && Paper.isExactly(selected, q.optionOrder(), version.correctKeys());
                selectedKeys[i] = String.join(",", selected);
            }
            correctness[i] = correct;
            if (correct) {
                correctCount++;
            }
        }
        return correctCount;
    }

    /**
     * What the integrity checks note of a run, riding the submission's Redis pipeline: the device and address it was
     * played from, and a CHALLENGE's answers for the comparison with other accounts' runs.
     */
    private PipelineRider integrityNotes(AttemptRow attempt, Instant now, String[] selectedKeys, Boolean[] correctness) {
        PipelineRider client = clients.note(attempt.accountId(), attempt.deviceId(), attempt.clientIp());
        if (attempt.mode() != Mode.CHALLENGE || attempt.levelId() == null) {
            return client;
        }
        return PipelineRider.all(List.of(client, copies.note(attempt.levelId(), attempt.accountId(), attempt.id(), now,
                answersInAuthoringKeys(attempt.paper(), selectedKeys, correctness))));
    }

    /** "questionId:authoring keys:1|0" for each question answered: the run as another paper's shuffle would not hide it. */
    private static List<String> answersInAuthoringKeys(List<PaperRow> paper, String[] selectedKeys, Boolean[] correctness) {
        List<String> answers = new ArrayList<>(paper.size());
        for (int i = 0; i < paper.size(); i++) {
            if (!selectedKeys[i].isEmpty()) {
                String given = FilledAnswers.isFilled(selectedKeys[i]) ? FilledAnswers.folded(selectedKeys[i])
                        : Paper.authoringKeys(selectedKeys[i], paper.get(i).optionOrder());
                answers.add(paper.get(i).questionId() + ":" + given + ":" + (Boolean.TRUE.equals(correctness[i]) ? 1 : 0));
            }
        }
        return answers;
    }

    /** Distinct keys (validate made them distinct), sorted. */
    private static List<String> sorted(List<String> keys) {
        if (keys.size() < 2) {
            return keys;
        }
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        return sorted;
    }

    /** Unknown questions, options the question does not have, or several keys for a one-answer type: 422. */
    private static Map<Long, List<String>> validate(List<Answer> answers, List<PaperRow> paper,
            Map<Long, PaperVersion> versions) {
        Map<Long, PaperRow> byId = new HashMap<>();
        for (PaperRow row : paper) {
            byId.put(row.questionId(), row);
        }
        List<Violation> violations = new ArrayList<>();
        Map<Long, List<String>> chosen = new HashMap<>();
        for (int i = 0; i < answers.size(); i++) {
            Answer answer = answers.get(i);
            String field = "answers[" + i + "]";
            PaperRow question = byId.get(answer.questionId());
            if (question == null) {
                violations.add(new Violation(field + ".questionId", "is not a question of this attempt"));
                continue;
            }
            if (chosen.containsKey(answer.questionId())) {
                violations.add(new Violation(field + ".questionId", "is answered twice"));
                continue;
            }
            PaperVersion version = versions.get(question.versionId());
            if (version.type() == QuestionType.FILL_BLANK) {
                if (!answer.selected().isEmpty()) {
                    violations.add(new Violation(field + ".selected", "a FILL_BLANK question is answered in filled"));
                } else if (answer.filled().size() > version.options().size()) {
                    violations.add(new Violation(field + ".filled", "the question has " + version.options().size() + " blanks"));
                }
                chosen.put(answer.questionId(), answer.filled());
                continue;
            }
            if (!answer.filled().isEmpty()) {
                violations.add(new Violation(field + ".filled", "only a FILL_BLANK question is answered in filled"));
            }
            int optionCount = Paper.optionCount(question.optionOrder());
            List<String> selected = answer.selected().stream().distinct().toList();
            for (String key : selected) {
                if (key.charAt(0) - 'A' >= optionCount) {
                    violations.add(new Violation(field + ".selected", "option " + key + " does not exist"));
                }
            }
            if (version.type() != QuestionType.MULTIPLE && selected.size() > 1) {
                violations.add(new Violation(field + ".selected", "a " + version.type() + " question takes one option"));
            }
            chosen.put(answer.questionId(), selected);
        }
        if (!violations.isEmpty()) {
            throw DomainException.unprocessable("The answers do not fit this attempt's paper", violations);
        }
        return chosen;
    }

    private record Standing(boolean passed, int stars, int pointsEarned, Integer bestScore, boolean nextLevelUnlocked,
            Long nextLevelId) {
    }

    /**
     * Level standing after a run. CHALLENGE: the best score, stars and pass are kept, points grow by the improvement
     * only, in every period. PRACTICE, and a CHALLENGE under the floor, changes nothing.
     */
    private static Standing standing(Mode mode, ProgressRow p, Level level, Level next, int score) {
        boolean passedNow = score >= level.passMark;
        int stars = level.starsFor(score);
        boolean first = p.bestAttemptId() == null;
        if (mode == Mode.PRACTICE) {
            boolean open = p.passed() && next != null;
            return new Standing(passedNow, stars, 0, first ? null : p.bestScore(), open, open ? next.id : null);
        }
        int improvement = first ? score : Math.max(0, score - p.bestScore());
        int best = first ? score : Math.max(score, p.bestScore());
        boolean open = (p.passed() || passedNow) && next != null;
        return new Standing(passedNow, stars, improvement, best, open, open ? next.id : null);
    }

    private SubmissionResult read(String result) {
        try {
            return json.readValue(result, SubmissionResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored result is unreadable", e);
        }
    }

    private String write(SubmissionResult result) {
        try {
            return json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
