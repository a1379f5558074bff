package io.chuangguan.questionbank;

public enum QuestionType {
    /** One correct option. */
    SINGLE,
    /** Two or more correct options; only the exact set scores. */
    MULTIPLE,
    /** Options A 正确 and B 错误, never shuffled. */
    TRUE_FALSE,
    /**
     * Blanks marked ___ in the stem; each option is a blank (in order, never shuffled) whose text is its accepted
     * answers separated by |. Right when every blank's text matches one of them, compared after folding full and
     * half width, case and surrounding spaces.
     */
    FILL_BLANK
}
