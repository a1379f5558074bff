package io.chuangguan.common;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one clock of the application, so time-dependent rules can be tested at chosen instants. */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock(AppConfig config) {
        return Clock.system(config.zone());
    }
}
