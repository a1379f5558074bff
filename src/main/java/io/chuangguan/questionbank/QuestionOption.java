package io.chuangguan.questionbank;

/** One option of a question: its key (A, B, ...) and its text. */
public record QuestionOption(String key, String text) {
}
