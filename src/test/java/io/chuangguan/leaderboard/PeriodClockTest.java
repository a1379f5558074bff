package io.chuangguan.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class PeriodClockTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void periodsEndAtMidnightInTheZone() {
        assertEquals(Instant.parse("2026-11-29T16:00:00Z"), PeriodClock.end("2026-W48", SHANGHAI));
        assertEquals(Instant.parse("2027-01-03T16:00:00Z"), PeriodClock.end("2026-W53", SHANGHAI));
        assertEquals(Instant.parse("2026-11-30T16:00:00Z"), PeriodClock.end("2026-11", SHANGHAI));
        assertEquals(Instant.parse("2026-12-31T16:00:00Z"), PeriodClock.end("2026-12", SHANGHAI));
        assertNull(PeriodClock.end("ALL", SHANGHAI));
    }

    @Test
    void keysAreHashTaggedByTheWholeBoard() {
        assertEquals("cg:lb:{TRADE:42:2026-W48}", LeaderboardKeys.board(Scope.TRADE, 42, "2026-W48"));
        assertEquals("cg:lb:{TRADE:42:2026-W48}:rebuild", LeaderboardKeys.rebuildCopy(LeaderboardKeys.board(Scope.TRADE, 42, "2026-W48")));
    }
}
