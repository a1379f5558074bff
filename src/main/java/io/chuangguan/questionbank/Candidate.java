package io.chuangguan.questionbank;

import java.util.Set;

/** A published question version as the draw sees it: what rules filter on, nothing a worker reads. */
public record Candidate(long versionId, long questionId, QuestionType type, int difficulty, int grade,
        Set<String> knowledgePoints, int optionCount, QuestionPool pool) {
}
