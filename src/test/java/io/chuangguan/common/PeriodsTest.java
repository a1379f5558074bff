package io.chuangguan.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class PeriodsTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void weeksTurnAtMondayMidnightInShanghai() {
        // Sunday 2026-11-29 23:59:59 and Monday 2026-11-30 00:00 in Shanghai (UTC+8)
        assertEquals("2026-W48", Periods.week(Instant.parse("2026-11-29T15:59:59Z"), SHANGHAI));
        assertEquals("2026-W49", Periods.week(Instant.parse("2026-11-29T16:00:00Z"), SHANGHAI));
        assertEquals("2026-11", Periods.month(Instant.parse("2026-11-30T15:59:59Z"), SHANGHAI));
        assertEquals("2026-12", Periods.month(Instant.parse("2026-11-30T16:00:00Z"), SHANGHAI));
    }

    @Test
    void weeksBelongToTheirWeekBasedYear() {
        assertEquals("2026-W53", Periods.week(Instant.parse("2027-01-01T04:00:00Z"), SHANGHAI));
        assertEquals("2027-W01", Periods.week(Instant.parse("2027-01-04T04:00:00Z"), SHANGHAI));
    }

    @Test
    void labelsAreRightInEveryZoneAtItsOwnMidnight() {
        ZoneId kathmandu = ZoneId.of("Asia/Kathmandu"); // UTC+5:45
        Instant shanghaiMonday = Instant.parse("2026-11-29T16:00:00Z");
        assertEquals("2026-W49", Periods.week(shanghaiMonday, SHANGHAI));
        assertEquals("2026-W48", Periods.week(shanghaiMonday, kathmandu));
        assertEquals("2026-W49", Periods.week(shanghaiMonday, SHANGHAI));
        assertEquals("2026-W48", Periods.week(Instant.parse("2026-11-29T18:14:59Z"), kathmandu));
        assertEquals("2026-W49", Periods.week(Instant.parse("2026-11-29T18:15:00Z"), kathmandu));
        assertEquals("2026-11", Periods.month(Instant.parse("2026-11-30T18:14:59Z"), kathmandu));
        assertEquals("2026-12", Periods.month(Instant.parse("2026-11-30T18:15:00Z"), kathmandu));
    }
}
