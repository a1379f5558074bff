package io.chuangguan.challenge;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public final class ChallengeRequests {

    private ChallengeRequests() {
    }

    public record StartRequest(@NotNull Attempt.Mode mode) {
    }

    public record SubmissionRequest(@NotNull @Size(max = 200) List<@NotNull @Valid Answer> answers) {
    }

    /** Shown keys, as the paper showed them. An empty list leaves the question unanswered. */
    public record Answer(@NotNull Long questionId,
            @NotNull @Size(max = 8) List<@NotNull @Pattern(regexp = "^[A-H]$", message = "must be an option key A-H") String> selected) {
    }

    public record WrongBookPracticeRequest(Long tradeId, @Size(max = 64) String knowledgePoint,
            @Min(1) @Max(50) Integer count) {
    }
}
