package io.chuangguan.challenge;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chuangguan.challenge.Attempt.Mode;
import io.chuangguan.challenge.ChallengeRequests.Answer;
import io.chuangguan.challenge.ChallengeViews.AttemptSummary;
import io.chuangguan.challenge.ChallengeViews.AttemptView;
import io.chuangguan.challenge.ChallengeViews.PaperQuestion;
import io.chuangguan.challenge.ChallengeViews.ReviewQuestion;
import io.chuangguan.challenge.ChallengeViews.SubmissionResult;
import io.chuangguan.common.AppConfig;
import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.PageView;
import io.chuangguan.common.Paging;
import io.chuangguan.common.Periods;
import io.chuangguan.common.Violation;
import io.chuangguan.leaderboard.LeaderboardService;
import io.chuangguan.level.DrawRule;
import io.chuangguan.level.Level;
import io.chuangguan.level.LevelService;
import io.chuangguan.questionbank.Candidate;
import io.chuangguan.questionbank.QuestionBankService;
import io.chuangguan.questionbank.QuestionOption;
import io.chuangguan.questionbank.QuestionType;
import io.chuangguan.questionbank.QuestionVersion;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Attempts: start (draw a paper), read, submit (score once, on the server), history. */
@ApplicationScoped
public class ChallengeService {

    /** A practice from the wrong-answer book has no level: it is "passed" at the usual 60 %. */
    private static final int WRONG_BOOK_PASS_MARK = 60;

    private final LevelService levels;
    private final QuestionBankService bank;
    private final WrongAnswerBook wrongAnswers;
    private final LeaderboardService leaderboards;
    private final AppConfig config;
    private final Clock clock;
    private final ObjectMapper json;
    private final SecureRandom seeds = new SecureRandom();

    public ChallengeService(LevelService levels, QuestionBankService bank, WrongAnswerBook wrongAnswers,
            LeaderboardService leaderboards, AppConfig config, Clock clock, ObjectMapper json) {
        this.levels = levels;
        this.bank = bank;
        this.wrongAnswers = wrongAnswers;
        this.leaderboards = leaderboards;
        this.config = config;
        this.clock = clock;
        this.json = json;
    }

    /** A started attempt and whether it was created now (or an open one was handed back). */
    public record Started(AttemptView attempt, boolean created) {
    }

    /**
     * Starts a level. A locked level or another trade's is 403. A second CHALLENGE start while one is open and in
     * time returns the open one.
     */
    @WithSession
    public Uni<Started> start(Caller caller, long levelId, Mode mode) {
        long accountId = caller.accountId();
        return Panache.withTransaction(() -> levels.level(levelId)
                .invoke(level -> requireOwnTrade(caller, level.tradeId))
                .call(level -> requireUnlocked(accountId, level))
                .chain(level -> (mode == Mode.CHALLENGE ? openChallenge(accountId, level.id) : Uni.createFrom().<Attempt>nullItem())
                        .chain(open -> open != null
                                ? view(open).map(v -> new Started(v, false))
                                : bank.publishedCandidates(level.tradeId).chain(pool -> {
                                    long seed = seeds.nextLong();
                                    List<Paper.Drawn> paper = Paper.draw(pool, DrawRule.parse(level.drawRule), level.grade,
                                            level.questionCount, seed);
                                    return create(accountId, level.tradeId, level.id, mode, seed, paper, level.timeLimitSeconds)
                                            .call(created -> countStart(accountId, level.id, mode));
                                }).chain(created -> view(created.attempt(), created.questions())).map(v -> new Started(v, true)))));
    }

    /** A practice attempt drawn from the caller's open wrong answers. */
    @WithSession
    public Uni<Started> startWrongBookPractice(Caller caller, Long tradeId, String knowledgePoint, Integer count) {
        long accountId = caller.accountId();
        long trade = tradeId != null ? tradeId : requireWorker(caller);
        requireOwnTrade(caller, trade);
        int size = count == null ? 10 : count;
        return Panache.withTransaction(() -> wrongAnswers.openQuestionIds(accountId, trade)
                .chain(questionIds -> bank.publishedCandidatesOf(trade, questionIds))
                .map(pool -> knowledgePoint == null ? pool
                        : pool.stream().filter(c -> c.knowledgePoints().contains(knowledgePoint)).toList())
                .chain(pool -> {
                    if (pool.isEmpty()) {
                        return Uni.createFrom().failure(DomainException.conflict("wrong-answer-book-empty",
                                "Your wrong-answer book has no open questions" + (knowledgePoint == null ? "" : " on " + knowledgePoint)));
                    }
                    long seed = seeds.nextLong();
                    List<Paper.Drawn> paper = Paper.drawFrom(pool, size, seed);
                    return create(accountId, trade, null, Mode.PRACTICE, seed, paper,
                            paper.size() * config.challenge().wrongBookSecondsPerQuestion());
                })
                .chain(created -> view(created.attempt(), created.questions())).map(v -> new Started(v, true)));
    }

    /** The caller's attempt; someone else's is "not found", so ids reveal nothing. */
    @WithSession
    public Uni<AttemptView> attempt(Caller caller, long attemptId) {
        return own(caller, attemptId, false).chain(this::view);
    }

    /**
     * Scores a submission once. A repeated submission gets the first result back; one after the time limit plus
     * grace closes the attempt as timed out (committed) and answers 409. After the commit the boards are brought up
     * to date and the ranks read (or reported pending when Redis is away).
     */
    @WithSession
    public Uni<SubmissionResult> submit(Caller caller, long attemptId, List<Answer> answers) {
        return Panache.withTransaction(() -> own(caller, attemptId, true).chain(attempt -> switch (attempt.status) {
            case SUBMITTED -> Uni.createFrom().item(Submitted.replay(read(attempt.result)));
            case TIMED_OUT -> Uni.createFrom().item(Submitted.TIMED_OUT);
            case OPEN -> {
                Instant now = clock.instant();
                if (now.isAfter(attempt.expiresAt.plus(config.challenge().submitGrace()))) {
                    attempt.status = Attempt.Status.TIMED_OUT;
                    yield Uni.createFrom().item(Submitted.TIMED_OUT);
                }
                yield score(attempt, answers, now).map(Submitted::scored);
            }
        })).map(Submitted::orThrow)
                .chain(result -> leaderboards.syncAndRank(caller.accountId(), attemptId, result.submittedAt()).map(result::withRanks));
    }

    @WithSession
    public Uni<PageView<AttemptSummary>> history(Caller caller, Paging paging) {
        long accountId = caller.accountId();
        var query = Attempt.<Attempt>find("accountId", Sort.descending("startedAt", "id"), accountId).page(paging.page(), paging.size());
        return query.count().chain(total -> query.list().chain(attempts -> {
            Set<Long> levelIds = attempts.stream().map(a -> a.levelId).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
            Uni<List<Level>> named = levelIds.isEmpty() ? Uni.createFrom().item(List.of()) : Level.list("id in ?1", levelIds);
            return named.map(list -> {
                Map<Long, String> names = list.stream().collect(Collectors.toMap(l -> l.id, l -> l.name));
                List<AttemptSummary> items = attempts.stream().map(a -> new AttemptSummary(a.id, a.levelId,
                        a.levelId == null ? "错题练习" : names.get(a.levelId), a.mode, a.status, a.startedAt, a.submittedAt,
                        a.score, a.passed, a.stars)).toList();
                return new PageView<>(items, total, paging.page(), paging.size());
            });
        }));
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

    private Uni<Void> requireUnlocked(long accountId, Level level) {
        return levels.previous(level).chain(previous -> previous == null ? Uni.createFrom().voidItem()
                : LevelProgress.<LevelProgress>findById(new LevelProgress.Key(accountId, previous.id)).map(p -> {
                    if (p == null || !p.passed()) {
                        throw new DomainException(403, "level-locked", "Forbidden",
                                "Pass \"" + previous.name + "\" first to open this level");
                    }
                    return null;
                }));
    }

    /** The open CHALLENGE attempt in time, if any; one past its time is closed as timed out. */
    private Uni<Attempt> openChallenge(long accountId, long levelId) {
        return Attempt.<Attempt>find("accountId = ?1 and levelId = ?2 and status = ?3 and mode = ?4", accountId, levelId,
                Attempt.Status.OPEN, Mode.CHALLENGE).firstResult().map(open -> {
                    if (open != null && clock.instant().isAfter(open.expiresAt.plus(config.challenge().submitGrace()))) {
                        open.status = Attempt.Status.TIMED_OUT;
                        return null;
                    }
                    return open;
                }).call(open -> Panache.getSession().chain(s -> s.flush()));
    }

    /** A new attempt with its paper rows (so the view needs no second read). */
    private record Created(Attempt attempt, List<AttemptQuestion> questions) {
    }

    private Uni<Created> create(long accountId, long tradeId, Long levelId, Mode mode, long seed, List<Paper.Drawn> paper,
            int timeLimitSeconds) {
        if (paper.isEmpty()) {
            return Uni.createFrom().failure(DomainException.conflict("empty-question-bank",
                    "This level has no published questions yet"));
        }
        Instant now = clock.instant();
        Attempt attempt = new Attempt();
        attempt.accountId = accountId;
        attempt.tradeId = tradeId;
        attempt.levelId = levelId;
        attempt.mode = mode;
        attempt.status = Attempt.Status.OPEN;
        attempt.seed = seed;
        attempt.startedAt = now;
        attempt.expiresAt = now.plusSeconds(timeLimitSeconds);
        attempt.total = paper.size();
        return attempt.<Attempt>persistAndFlush().chain(saved -> {
            List<AttemptQuestion> rows = new ArrayList<>();
            for (int i = 0; i < paper.size(); i++) {
                AttemptQuestion row = new AttemptQuestion();
                row.attemptId = saved.id;
                row.position = i;
                row.questionId = paper.get(i).candidate().questionId();
                row.questionVersionId = paper.get(i).candidate().versionId();
                row.optionOrder = paper.get(i).optionOrder();
                rows.add(row);
            }
            return AttemptQuestion.persist(rows).call(() -> Panache.getSession().chain(s -> s.flush()))
                    .replaceWith(new Created(saved, rows));
        });
    }

    private Uni<Integer> countStart(long accountId, long levelId, Mode mode) {
        String column = mode == Mode.CHALLENGE ? "challenge_attempts" : "practice_attempts";
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into level_progress (account_id, level_id, " + column
                + ") values (?1, ?2, 1) on conflict (account_id, level_id) do update set " + column + " = level_progress."
                + column + " + 1").setParameter(1, accountId).setParameter(2, levelId).executeUpdate());
    }

    // ---- read -----------------------------------------------------------------------------------

    private Uni<Attempt> own(Caller caller, long attemptId, boolean lock) {
        var query = Attempt.<Attempt>find("id = ?1 and accountId = ?2", attemptId, caller.accountId());
        return (lock ? query.withLock(LockModeType.PESSIMISTIC_WRITE) : query).firstResult()
                .onItem().ifNull().failWith(() -> DomainException.notFound("Attempt", attemptId));
    }

    private Uni<List<AttemptQuestion>> questionsOf(long attemptId) {
        return AttemptQuestion.list("attemptId", Sort.by("position"), attemptId);
    }

    private Uni<Map<Long, QuestionVersion>> versionsOf(List<AttemptQuestion> questions) {
        return bank.versions(questions.stream().map(q -> q.questionVersionId).toList())
                .map(list -> list.stream().collect(Collectors.toMap(v -> v.id, Function.identity())));
    }

    private Uni<AttemptView> view(Attempt attempt) {
        return questionsOf(attempt.id).chain(questions -> view(attempt, questions));
    }

    private Uni<AttemptView> view(Attempt attempt, List<AttemptQuestion> questions) {
        return versionsOf(questions).map(versions -> {
            List<PaperQuestion> paper = questions.stream().map(q -> paperQuestion(q, versions.get(q.questionVersionId))).toList();
            boolean closed = attempt.status != Attempt.Status.OPEN;
            List<ReviewQuestion> review = closed
                    ? questions.stream().map(q -> review(q, versions.get(q.questionVersionId))).toList() : null;
            SubmissionResult result = attempt.result == null ? null : read(attempt.result);
            int limit = (int) java.time.Duration.between(attempt.startedAt, attempt.expiresAt).toSeconds();
            return new AttemptView(attempt.id, attempt.mode, attempt.status, attempt.levelId, attempt.startedAt,
                    attempt.expiresAt, clock.instant(), limit, paper, result, review);
        });
    }

    /** Options in the paper's order, relabelled A, B, C ... as shown. */
    private static PaperQuestion paperQuestion(AttemptQuestion question, QuestionVersion version) {
        Map<String, String> texts = version.optionList().stream().collect(Collectors.toMap(QuestionOption::key, QuestionOption::text));
        String[] order = question.optionOrder.split(",");
        List<QuestionOption> options = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            options.add(new QuestionOption(Paper.shownKey(i), texts.get(order[i])));
        }
        return new PaperQuestion(question.questionId, version.type, version.stem, options);
    }

    private static ReviewQuestion review(AttemptQuestion question, QuestionVersion version) {
        List<String> selected = question.selected == null || question.selected.isEmpty() ? List.of()
                : List.of(question.selected.split(","));
        return new ReviewQuestion(question.questionId, selected, Boolean.TRUE.equals(question.correct),
                Paper.toShownKeys(version.correctKeyList(), question.optionOrder), version.explanation);
    }

    // ---- submit ---------------------------------------------------------------------------------

    /** What a submission came to inside its transaction; turned into the answer after commit. */
    private record Submitted(SubmissionResult result, boolean timedOut) {
        static final Submitted TIMED_OUT = new Submitted(null, true);

        static Submitted replay(SubmissionResult result) {
            return new Submitted(result, false);
        }

        static Submitted scored(SubmissionResult result) {
            return new Submitted(result, false);
        }

        SubmissionResult orThrow() {
            if (timedOut) {
                throw DomainException.conflict("attempt-timed-out", "The time for this attempt ran out; it was closed without a score");
            }
            return result;
        }
    }

    private Uni<SubmissionResult> score(Attempt attempt, List<Answer> answers, Instant now) {
        return questionsOf(attempt.id).chain(questions -> versionsOf(questions).chain(versions -> {
            Map<Long, List<String>> chosen = validate(answers, questions, versions);
            int correctCount = 0;
            List<Long> right = new ArrayList<>();
            List<AttemptQuestion> wrong = new ArrayList<>();
            for (AttemptQuestion q : questions) {
                List<String> selected = chosen.getOrDefault(q.questionId, List.of()).stream().distinct().sorted().toList();
                QuestionVersion version = versions.get(q.questionVersionId);
                boolean correct = !selected.isEmpty()
                        && Paper.toAuthoringKeys(selected, q.optionOrder).equals(new HashSet<>(version.correctKeyList()));
                q.selected = String.join(",", selected);
                q.correct = correct;
                if (correct) {
                    correctCount++;
                    right.add(q.questionId);
                } else if (!selected.isEmpty()) {
                    wrong.add(q);
                }
            }
            int total = questions.size();
            int score = Math.round(100f * correctCount / total);
            List<ReviewQuestion> review = questions.stream().map(q -> review(q, versions.get(q.questionVersionId))).toList();
            int correctFinal = correctCount;
            Uni<Standing> standing = attempt.levelId == null
                    ? Uni.createFrom().item(new Standing(score >= WRONG_BOOK_PASS_MARK, 0, 0, null, false, null))
                    : levels.level(attempt.levelId).chain(level -> record(attempt, level, score, now));
            return standing.call(() -> wrongAnswers.record(attempt.accountId, attempt.tradeId, wrong, right, now))
                    .map(s -> {
                        SubmissionResult result = new SubmissionResult(attempt.id, attempt.mode, score, correctFinal, total,
                                s.passed(), s.stars(), s.pointsEarned(), s.bestScore(), s.nextLevelUnlocked(), s.nextLevelId(),
                                now, review, null);
                        attempt.status = Attempt.Status.SUBMITTED;
                        attempt.submittedAt = now;
                        attempt.score = (short) score;
                        attempt.correctCount = correctFinal;
                        attempt.passed = s.passed();
                        attempt.stars = (short) s.stars();
                        attempt.pointsEarned = s.pointsEarned();
                        attempt.result = write(result);
                        return result;
                    });
        }));
    }

    /** Unknown questions, options the question does not have, or several keys for a one-answer type: 422. */
    private static Map<Long, List<String>> validate(List<Answer> answers, List<AttemptQuestion> questions,
            Map<Long, QuestionVersion> versions) {
        Map<Long, AttemptQuestion> byId = questions.stream().collect(Collectors.toMap(q -> q.questionId, Function.identity()));
        List<Violation> violations = new ArrayList<>();
        Map<Long, List<String>> chosen = new HashMap<>();
        for (int i = 0; i < answers.size(); i++) {
            Answer answer = answers.get(i);
            String field = "answers[" + i + "]";
            AttemptQuestion question = byId.get(answer.questionId());
            if (question == null) {
                violations.add(new Violation(field + ".questionId", "is not a question of this attempt"));
                continue;
            }
            if (chosen.containsKey(answer.questionId())) {
                violations.add(new Violation(field + ".questionId", "is answered twice"));
                continue;
            }
            QuestionVersion version = versions.get(question.questionVersionId);
            int optionCount = question.optionOrder.split(",").length;
            List<String> selected = answer.selected().stream().distinct().toList();
            for (String key : selected) {
                if (key.charAt(0) - 'A' >= optionCount) {
                    violations.add(new Violation(field + ".selected", "option " + key + " does not exist"));
                }
            }
            if (version.type != QuestionType.MULTIPLE && selected.size() > 1) {
                violations.add(new Violation(field + ".selected", "a " + version.type + " question takes one option"));
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
     * only, in every period. PRACTICE changes nothing.
     */
    private Uni<Standing> record(Attempt attempt, Level level, int score, Instant now) {
        boolean passedNow = score >= level.passMark;
        int stars = level.starsFor(score);
        return LevelProgress.<LevelProgress>findById(new LevelProgress.Key(attempt.accountId, level.id))
                .chain(progress -> levels.next(level).chain(next -> {
                    if (attempt.mode == Mode.PRACTICE) {
                        boolean open = progress != null && progress.passed() && next != null;
                        return Uni.createFrom().item(new Standing(passedNow, stars, 0,
                                progress == null || progress.bestAttemptId == null ? null : (int) progress.bestScore, open,
                                open ? next.id : null));
                    }
                    LevelProgress p = progress;
                    if (p == null) {
                        p = new LevelProgress();
                        p.accountId = attempt.accountId;
                        p.levelId = level.id;
                        p.challengeAttempts = 1;
                    }
                    int improvement = p.bestAttemptId == null ? score : Math.max(0, score - p.bestScore);
                    if (p.bestAttemptId == null || score > p.bestScore) {
                        p.bestScore = (short) score;
                        p.bestAttemptId = attempt.id;
                        p.bestAt = now;
                    }
                    p.stars = (short) Math.max(p.stars, stars);
                    if (passedNow && p.passedAt == null) {
                        p.passedAt = now;
                    }
                    boolean open = p.passed() && next != null;
                    Standing standing = new Standing(passedNow, stars, improvement, (int) p.bestScore, open, open ? next.id : null);
                    LevelProgress saved = p;
                    return (progress == null ? saved.persist() : Uni.createFrom().item(saved))
                            .call(() -> improvement > 0
                                    ? addPoints(attempt.accountId, improvement, now)
                                            .chain(() -> leaderboards.enqueue(attempt.accountId, attempt.id, now))
                                    : Uni.createFrom().voidItem())
                            .replaceWith(standing);
                }));
    }

    /** All-time, ISO week and month totals grow together; reached_at orders equal points on the boards. */
    private Uni<Integer> addPoints(long accountId, int points, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                insert into point_total (account_id, period, points, reached_at)
                values (?1, ?2, ?5, ?6), (?1, ?3, ?5, ?6), (?1, ?4, ?5, ?6)
                on conflict (account_id, period) do update
                set points = point_total.points + excluded.points, reached_at = excluded.reached_at""")
                .setParameter(1, accountId)
                .setParameter(2, Periods.ALL_TIME)
                .setParameter(3, Periods.week(now, config.zone()))
                .setParameter(4, Periods.month(now, config.zone()))
                .setParameter(5, points)
                .setParameter(6, now)
                .executeUpdate());
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
