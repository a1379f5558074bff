package io.chuangguan.contest;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What the contest endpoints take. */
public final class ContestRequests {

    private ContestRequests() {
    }

    /**
     * A contest's definition. {@code organiser}: the organising unit, "region:ID" or "enterprise:ID", in the caller's
     * scope and of the tier's level. {@code teamDrawn}: members drawn per team (a TEAM contest only).
     */
    public record ContestDraft(@NotBlank @Size(max = 128) String name,
            @NotNull @Pattern(regexp = "ENTERPRISE|COUNTY|CITY|PROVINCE", message = "must be ENTERPRISE, COUNTY, CITY or PROVINCE") String tier,
            @NotBlank @Size(max = 40) String organiser, @NotNull Long tradeId,
            @NotNull @Pattern(regexp = "INDIVIDUAL|TEAM", message = "must be INDIVIDUAL or TEAM") String format,
            @NotNull Instant registrationOpens, @NotNull Instant registrationCloses, @NotNull Instant startsAt, @NotNull Instant endsAt,
            @NotNull @Min(60) @Max(86_400) Integer durationSeconds, @Min(1) @Max(5) Integer attemptsAllowed,
            @Min(0) @Max(10_000) Integer qualifyCount, @Min(0) @Max(1_000) Integer promoteTop, @Min(1) @Max(50) Integer teamDrawn,
            @Min(0) @Max(50) Integer teamNamed, Long qualifiesFrom) {
    }

    /** A paper by hand: the questions in order (their published versions are frozen). */
    public record PaperByHand(@NotEmpty @Size(max = 200) List<@NotNull Long> questionIds) {
    }

    /** A paper by rules: the level editor's draw rule (JSON), the grade and the number of questions. */
    public record PaperByRule(@NotBlank @Size(max = 4000) String drawRule, @NotNull @Min(1) @Max(5) Integer grade,
            @NotNull @Min(1) @Max(200) Integer count) {
    }

    public record BulkRegistration(@NotEmpty @Size(max = 5000) List<@NotNull Long> accountIds) {
    }

    /** A unit's team: the enterprise and the members it names itself (up to the contest's {@code teamNamed}). */
    public record TeamRegistration(@NotNull Long enterpriseId, @Size(max = 50) List<@NotNull Long> named) {
    }
}
