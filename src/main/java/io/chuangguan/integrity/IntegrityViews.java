package io.chuangguan.integrity;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public final class IntegrityViews {

    private IntegrityViews() {
    }

    /**
     * A flag as a reviewer sees it: whose, what kind, on which attempt, the finding's figures ({@code detail}, JSON:
     * e.g. elapsedSeconds and floorSeconds for TOO_FAST) and what the review decided.
     */
    public record FlagView(long id, String kind, String status, long workerId, String workerName, String enterprise,
            Long attemptId, String levelName, @JsonRawValue String detail, Instant raisedAt, Long reviewedBy,
            Instant reviewedAt, String note) {
    }

    public enum Review { CLEAR, CONFIRM }

    public record ReviewRequest(@NotNull Review decision, @Size(max = 500) String note) {
    }
}
