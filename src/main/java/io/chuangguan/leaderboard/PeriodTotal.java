package io.chuangguan.leaderboard;

import java.time.Instant;

/** A worker's points in one period ('ALL', '2026-W48', '2026-11') as a submission left them, and when they last grew. */
public record PeriodTotal(String period, long points, Instant reachedAt) {
}
