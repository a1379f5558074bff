package io.chuangguan.common;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "app")
public interface AppConfig {

    /** The zone in which days, ISO weeks and months are counted. */
    @WithDefault("Asia/Shanghai")
    ZoneId zone();

    Auth auth();

    Demo demo();

    Services services();

    interface Auth {
        String issuer();

        Duration accessTokenTtl();

        Duration refreshTokenTtl();

        /** Failed logins for one phone within {@link #failureWindow()} before it is locked. */
        int maxFailures();

        Duration failureWindow();

        Duration lockDuration();
    }

    interface Services {
        /** Start embedded PostgreSQL/Redis when nothing answers; unset means on in dev and test only. */
        Optional<Boolean> embeddedFallback();
    }

    interface Demo {
        @WithDefault("false")
        boolean enabled();
    }
}
