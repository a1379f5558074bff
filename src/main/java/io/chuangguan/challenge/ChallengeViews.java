package io.chuangguan.challenge;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.chuangguan.leaderboard.LeaderboardViews.Ranks;
import io.chuangguan.questionbank.QuestionOption;
import io.chuangguan.questionbank.QuestionType;

public final class ChallengeViews {

    private ChallengeViews() {
    }

    /** A question as the worker sees it before submitting: no keys, no explanation; a FILL_BLANK its number of blanks only. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PaperQuestion(Long id, QuestionType type, String stem, List<QuestionOption> options, Integer blanks) {
    }

    /**
     * An attempt: its paper, and once it is closed the review (correct keys, explanations) and, if it was
     * submitted, the result.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttemptView(Long attemptId, Attempt.Mode mode, Attempt.Status status, Long levelId, Instant startedAt,
            Instant expiresAt, Instant serverTime, int timeLimitSeconds, List<PaperQuestion> questions,
            SubmissionResult result, List<ReviewQuestion> review) {
    }

    /**
     * A question after submission: what was chosen and whether it was right; the right keys (as shown) and why, unless
     * {@code withheld} says why not.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReviewQuestion(Long id, List<String> selected, boolean correct, List<String> correctKeys, String explanation,
            Withheld withheld, List<List<String>> acceptedAnswers) {

        /** For a FILL_BLANK question {@code selected} holds the texts typed and {@code acceptedAnswers} each blank's answers. */
        public ReviewQuestion(Long id, List<String> selected, boolean correct, List<String> correctKeys, String explanation,
                Withheld withheld) {
            this(id, selected, correct, correctKeys, explanation, withheld, null);
        }

        /** EXAM: an exam question's key never leaves the server. NOT_ANSWERED: keys are shown only for answers given. */
        public enum Withheld { EXAM, NOT_ANSWERED }
    }

    /**
     * The outcome of a submission. {@code ranks} are read live after the boards were written (not stored): a
     * repeated submission shows the same score and the ranks of that moment. {@code counted} is false for a run that
     * was kept but counts for nothing ({@code notCountedReason} TOO_FAST: under {@code minimumSeconds}).
     */
    public record SubmissionResult(Long attemptId, Attempt.Mode mode, int score, int correctCount, int total, boolean passed,
            int stars, int pointsEarned, Integer bestScore, boolean nextLevelUnlocked, Long nextLevelId,
            Instant submittedAt, Boolean counted, String notCountedReason, Integer minimumSeconds,
            List<ReviewQuestion> questions, Ranks ranks) {

        public static final String TOO_FAST = "TOO_FAST";

        public SubmissionResult {
            // results stored before the floor existed all counted
            counted = counted == null || counted;
        }

        public SubmissionResult withRanks(Ranks newRanks) {
            return new SubmissionResult(attemptId, mode, score, correctCount, total, passed, stars, pointsEarned, bestScore,
                    nextLevelUnlocked, nextLevelId, submittedAt, counted, notCountedReason, minimumSeconds, questions, newRanks);
        }

        public SubmissionResult withQuestions(List<ReviewQuestion> review) {
            return new SubmissionResult(attemptId, mode, score, correctCount, total, passed, stars, pointsEarned, bestScore,
                    nextLevelUnlocked, nextLevelId, submittedAt, counted, notCountedReason, minimumSeconds, review, ranks);
        }
    }

    public record AttemptSummary(Long attemptId, Long levelId, String levelName, Attempt.Mode mode, Attempt.Status status,
            Instant startedAt, Instant submittedAt, Short score, Boolean passed, Short stars) {
    }

    public record WrongAnswerView(Long questionId, QuestionType type, String stem, List<QuestionOption> options,
            List<String> correctKeys, String explanation, List<String> knowledgePoints, int wrongCount, Instant lastWrongAt,
            boolean mastered) {
    }
}
