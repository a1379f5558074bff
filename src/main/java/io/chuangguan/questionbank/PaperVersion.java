package io.chuangguan.questionbank;

import java.util.List;

/** What a paper shows of a published question version, and its key: read once, parsed once (versions never change). */
public record PaperVersion(long id, long questionId, QuestionType type, String stem, List<QuestionOption> options,
        List<String> correctKeys, String explanation) {

    public static PaperVersion of(QuestionVersion version) {
        return new PaperVersion(version.id, version.questionId, version.type, version.stem, version.optionList(),
                version.correctKeyList(), version.explanation);
    }
}
