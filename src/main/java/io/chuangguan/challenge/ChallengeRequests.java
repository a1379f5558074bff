package io.chuangguan.challenge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.chuangguan.common.DomainException;
import io.chuangguan.common.Violation;

public final class ChallengeRequests {

    private ChallengeRequests() {
    }

    public record StartRequest(@NotNull Attempt.Mode mode) {
    }

    public record SubmissionRequest(@NotNull @Size(max = 200) List<Answer> answers) {

        /**
         * Each answer's own fields, in one pass: cascaded Bean Validation of the answers and their keys took a tenth of a
         * submission's CPU. A bad field is a 400 that reads as Bean Validation's would.
         */
        public void requireWellFormed() {
            List<Violation> violations = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                Answer answer = answers.get(i);
                String field = "answers[" + i + "]";
                if (answer == null) {
                    violations.add(new Violation(field, MISSING));
                    continue;
                }
                if (answer.questionId() == null) {
                    violations.add(new Violation(field + ".questionId", MISSING));
                }
                List<String> selected = answer.selected();
                if (selected == null) {
                    violations.add(new Violation(field + ".selected", MISSING));
                    continue;
                }
                if (selected.size() > Answer.MAX_KEYS) {
                    violations.add(new Violation(field + ".selected", "size must be between 0 and " + Answer.MAX_KEYS));
                }
                for (int j = 0; j < selected.size(); j++) {
                    String key = selected.get(j);
                    if (key == null) {
                        violations.add(new Violation(field + ".selected[" + j + "]", MISSING));
                    } else if (key.length() != 1 || key.charAt(0) < 'A' || key.charAt(0) > 'H') {
                        violations.add(new Violation(field + ".selected[" + j + "]", "must be an option key A-H"));
                    }
                }
                List<String> filled = answer.filled();
                if (filled.size() > Answer.MAX_KEYS) {
                    violations.add(new Violation(field + ".filled", "size must be between 0 and " + Answer.MAX_KEYS));
                }
                for (int j = 0; j < filled.size(); j++) {
                    String text = filled.get(j);
                    if (text == null) {
                        violations.add(new Violation(field + ".filled[" + j + "]", MISSING));
                    } else if (text.length() > Answer.MAX_FILLED) {
                        violations.add(new Violation(field + ".filled[" + j + "]", "size must be between 0 and " + Answer.MAX_FILLED));
                    }
                }
            }
            if (!violations.isEmpty()) {
                violations.sort(Comparator.comparing(Violation::field));
                throw new DomainException(400, "validation", "Invalid request", "The request has invalid fields", violations);
            }
        }
    }

    /**
     * Shown keys, as the paper showed them, for a question id, or for a FILL_BLANK question the texts typed into its
     * blanks ({@code filled}). An empty list leaves the question unanswered. The
     * constraints describe the API (OpenAPI); they are checked by {@link SubmissionRequest#requireWellFormed()}, as
     * the answers list does not cascade.
     */
    public record Answer(@NotNull Long questionId,
            @NotNull @Size(max = MAX_KEYS) List<@NotNull @Pattern(regexp = "^[A-H]$", message = "must be an option key A-H") String> selected,
            @Size(max = MAX_KEYS) List<@NotNull @Size(max = MAX_FILLED) String> filled) {
        static final int MAX_KEYS = 8;
        static final int MAX_FILLED = 100;

        /** A FILL_BLANK question's texts, one per blank in order ({@code selected} stays empty); none for other types. */
        public List<String> filled() {
            return filled == null ? List.of() : filled;
        }
    }

    private static final String MISSING = "must not be null";

    public record WrongBookPracticeRequest(Long tradeId, @Size(max = 64) String knowledgePoint,
            @Min(1) @Max(50) Integer count) {
    }
}
