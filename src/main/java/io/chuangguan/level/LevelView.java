package io.chuangguan.level;

/** A level on the caller's map. */
public record LevelView(Long id, int order, String name, int grade, boolean exam, Status status, Integer bestScore,
        int stars, int attempts, int questionCount, int timeLimitSeconds, int passMark) {

    public enum Status { LOCKED, OPEN, PASSED }
}
