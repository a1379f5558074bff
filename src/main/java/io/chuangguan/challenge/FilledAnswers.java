package io.chuangguan.challenge;

import java.util.List;

import io.chuangguan.questionbank.QuestionDraft;
import io.chuangguan.questionbank.QuestionOption;
import io.vertx.core.json.JsonArray;

/**
 * The texts a worker typed into a FILL_BLANK question's blanks, as the attempt keeps them in place of chosen keys: a
 * JSON array (texts may hold commas), or "" when every blank was left empty (the question was not answered).
 */
final class FilledAnswers {

    private FilledAnswers() {
    }

    static String write(List<String> typed) {
        return typed.stream().allMatch(t -> t == null || t.isBlank()) ? "" : new JsonArray(typed.stream().map(t -> t == null ? "" : t).toList()).encode();
    }

    static List<String> read(String stored) {
        if (stored == null || stored.isEmpty()) {
            return List.of();
        }
        return new JsonArray(stored).stream().map(String::valueOf).toList();
    }

    static boolean isFilled(String stored) {
        return stored.startsWith("[");
    }

    /** Every blank filled with one of its accepted answers. */
    static boolean allRight(List<String> typed, List<QuestionOption> blanks) {
        if (typed.size() != blanks.size()) {
            return false;
        }
        for (int i = 0; i < blanks.size(); i++) {
            if (!QuestionDraft.matches(typed.get(i), blanks.get(i).text())) {
                return false;
            }
        }
        return true;
    }

    /** The texts as compared, for the identical-answers check across accounts. */
    static String folded(String stored) {
        return String.join("|", read(stored).stream().map(QuestionDraft::fold).toList());
    }
}
