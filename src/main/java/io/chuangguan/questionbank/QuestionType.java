package io.chuangguan.questionbank;

public enum QuestionType {
    /** One correct option. */
    SINGLE,
    /** Two or more correct options; only the exact set scores. */
    MULTIPLE,
    /** Options A 正确 and B 错误, never shuffled. */
    TRUE_FALSE
}
