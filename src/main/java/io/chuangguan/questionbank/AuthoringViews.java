package io.chuangguan.questionbank;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.chuangguan.questionbank.ItemStatistics.ItemStatistic;

/** What the question-bank console reads and sends. */
public final class AuthoringViews {

    private AuthoringViews() {
    }

    public enum Status { DRAFT, IN_REVIEW, PUBLISHED, RETIRED }

    public enum Decision { APPROVE, RETURN }

    public enum Action { CREATED, IMPORTED, EDITED, SUBMITTED, APPROVED, RETURNED, RETIRED }

    public record Person(long id, String name) {
    }

    /** {@code editors}: who wrote or changed the version; none of them may approve it. */
    public record VersionView(long id, int version, Status status, QuestionType type, String stem, List<QuestionOption> options,
            List<String> correctKeys, String explanation, int difficulty, int grade, List<String> knowledgePoints,
            Person author, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime submittedAt, Person reviewer,
            String reviewComment, OffsetDateTime publishedAt, OffsetDateTime retiredAt, List<Long> editors) {
    }

    public record QuestionRef(long id, String ref, String stem) {
    }

    /** {@code weeks}: facility over time, per version and week. */
    public record QuestionDetail(long id, String ref, long tradeId, QuestionPool pool, List<VersionView> versions,
            List<QuestionRef> duplicates, List<ItemStatistic> statistics, List<ItemStatistics.WeekFigure> weeks) {
    }

    public record StatisticsSummary(int shown, Double facility, Double discrimination, List<String> flags) {
    }

    public record QuestionSummary(long id, String ref, long tradeId, QuestionPool pool, Status status, int version,
            Integer publishedVersion, QuestionType type, String stem, int grade, int difficulty, List<String> knowledgePoints,
            Person author, OffsetDateTime updatedAt, StatisticsSummary statistics, List<Long> editors) {
    }

    public record AuditEntry(OffsetDateTime at, Person actor, Action action, int version, String comment) {
    }

    public record ReviewRequest(@NotNull Decision decision, @Size(max = 500) String comment) {
    }

    public record BatchRequest(@NotEmpty @Size(max = 1000) List<@NotNull Long> ids) {
    }

    public record BatchReviewRequest(@NotEmpty @Size(max = 1000) List<@NotNull Long> ids, @NotNull Decision decision,
            @Size(max = 500) String comment) {
    }

    public record BatchFailure(long id, String detail) {
    }

    public record BatchResult(List<Long> done, List<BatchFailure> failed) {
    }

    public record KnowledgePointView(long id, String name, long questions) {
    }

    public record KnowledgePointRequest(@NotNull @Size(min = 1, max = 64) String name) {
    }

    public record MergeRequest(@NotNull Long into) {
    }
}
