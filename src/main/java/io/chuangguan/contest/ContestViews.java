package io.chuangguan.contest;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.chuangguan.challenge.ChallengeViews.PaperQuestion;
import io.chuangguan.challenge.ChallengeViews.ReviewQuestion;

/** What the contest endpoints answer. */
public final class ContestViews {

    private ContestViews() {
    }

    /** A contest as its organiser and its entrants see it; {@code state} is the phase read against the clock. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContestView(long id, String name, String tier, String organiser, String organiserName, long tradeId, String tradeName,
            String format, Instant registrationOpens, Instant registrationCloses, Instant startsAt, Instant endsAt, int durationSeconds,
            int attemptsAllowed, int qualifyCount, int promoteTop, Integer teamDrawn, int teamNamed, String state, Instant serverTime,
            int paperSize, Long qualifiesFrom, Mine mine) {
    }

    /** The caller's part in a contest (a worker's). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mine(boolean registered, boolean mayRegister, String teamRole, int runsUsed, Long openRunId, Integer bestScore,
            Integer place, boolean qualified, String certificateNo, String awardUrl, List<Long> runIds) {
    }

    /**
     * A run as its entrant sees it: the questions while it is open; the score once submitted; the review once final.
     * A run under the answer-time floor has status TOO_FAST, {@code notCountedReason} TOO_FAST and the {@code minimumSeconds}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunView(long runId, long contestId, String status, Instant startedAt, Instant expiresAt, Instant serverTime,
            int timeLimitSeconds, List<PaperQuestion> questions, Integer score, Integer correctCount, Integer total, Long elapsedMs,
            List<ReviewQuestion> review, String notCountedReason, Integer minimumSeconds) {
    }

    public record BoardRow(int rank, long id, String name, String unit, int score, Long elapsedMs, Integer members) {
    }

    /** The live boards (Redis) while the contest runs, the frozen placings once final. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BoardView(long contestId, String source, List<BoardRow> people, List<BoardRow> teams, Long myRank, Integer myScore) {
    }

    public record DrawTeam(long enterpriseId, String enterpriseName, int rosterSize, String rosterHash, List<Long> roster,
            List<Long> named, List<Long> drawn, Boolean rosterIntact) {
    }

    /** What anyone entitled to the contest can re-compute the draw from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DrawView(long contestId, String state, String seedCommitment, String seed, Instant closedAt, Instant drawnAt,
            int drawnPerTeam, String algorithm, List<DrawTeam> teams) {
    }

    /** A final place; {@code awardUrl} (the certificate of award's page) for the entrant themself and the organiser. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Placing(int place, long accountId, String name, long enterpriseId, String enterpriseName, int score, long elapsedMs,
            Instant submittedAt, boolean qualified, String certificateNo, String promotionNote, String awardNo, String awardUrl) {
    }

    public record TeamPlacing(int place, long enterpriseId, String enterpriseName, double meanScore, int members) {
    }

    public record ResultsView(long contestId, String state, Instant finalisedAt, List<Placing> people, List<TeamPlacing> teams) {
    }

    public record PointRate(long knowledgePointId, String name, long answered, long wrong, double errorRate, Double contestErrorRate) {
    }

    public record UnitAnalysis(long enterpriseId, String enterpriseName, int entrants, Double meanScore, List<PointRate> weakest) {
    }

    public record AnalysisView(long contestId, int entrants, Double meanScore, List<PointRate> points, List<UnitAnalysis> units) {
    }

    public record MonitorRow(long enterpriseId, String enterpriseName, int registered, int started, int submitted, int tooFast) {
    }

    public record MonitorView(long contestId, String state, int registered, int started, int submitted, int tooFast,
            List<MonitorRow> units) {
    }

    public record Registration(long accountId, String name, String phone, long enterpriseId, String enterpriseName, Instant registeredAt,
            String teamRole) {
    }

    /** The outcome of a bulk registration: who was registered, who already was, and who cannot enter (and why). */
    public record BulkOutcome(List<Long> registered, List<Long> already, List<Refused> refused) {
    }

    public record Refused(long accountId, String reason) {
    }
}
