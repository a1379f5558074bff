package io.chuangguan;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The application's clock in tests: the real time unless a test pins it, so period boundaries can be tested at
 * chosen instants. A test that pins it must release it.
 */
public class TestClock {

    private static volatile Instant pinned;

    public static void pin(Instant instant) {
        pinned = instant;
    }

    public static void release() {
        pinned = null;
    }

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneId.of("Asia/Shanghai");
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                Instant at = pinned;
                return at != null ? at : Instant.now();
            }
        };
    }
}
