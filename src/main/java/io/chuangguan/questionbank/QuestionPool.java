package io.chuangguan.questionbank;

/**
 * Which papers a question may appear on. LEARNING questions teach: learning levels, practice and the wrong-answer
 * book draw them and their keys are shown after a run. EXAM questions decide grades: only the CHALLENGE papers of
 * exam levels draw them, and their keys never leave the server.
 */
public enum QuestionPool { LEARNING, EXAM }
