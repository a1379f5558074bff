package io.chuangguan.questionbank;

import java.util.List;

/**
 * What a paper shows of a published question version, and its key: read once, parsed once (versions never change,
 * and a question never changes its pool).
 */
public record PaperVersion(long id, long questionId, QuestionType type, String stem, List<QuestionOption> options,
        List<String> correctKeys, String explanation, QuestionPool pool) {

    public static PaperVersion of(QuestionVersion version, QuestionPool pool) {
        return new PaperVersion(version.id, version.questionId, version.type, version.stem, version.optionList(),
                version.correctKeyList(), version.explanation, pool);
    }
}
