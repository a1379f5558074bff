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

    /**
     * Where the public pages are reached, for links and QR codes on certificates. Production has no default: a
     * certificate printed with a QR code to localhost would be worthless.
     */
    String publicUrl();

    Auth auth();

    Demo demo();

    Services services();

    Challenge challenge();

    Leaderboard leaderboard();

    Promotion promotion();

    interface Promotion {
        /**
         * Years in the current grade before the next one, by target grade; target 5 counts years in the trade.
         * A trade's own rows in promotion_rule take precedence.
         */
        @WithDefault("5=1,4=2,3=4,2=4,1=4")
        String yearsInGrade();

        /**
         * Contest placings that promote directly: "TIER:best placing=grade", e.g. PROVINCE:5=2 (provincial top 5 to
         * grade 2). A worker already at or above that grade goes one grade up.
         */
        @WithDefault("NATIONAL:10=1,PROVINCE:5=2,PROVINCE:20=3,CITY:3=3,CITY:10=4,ENTERPRISE:3=4")
        String contestRules();

        /** The province's code on certificate numbers. */
        @WithDefault("37")
        String certificatePrefix();
    }

    interface Leaderboard {
        /** How long a week's or month's board stays in Redis after the period ends. */
        @WithDefault("P8D")
        Duration periodGrace();

        /** How many entries of each board an ended period keeps in PostgreSQL. */
        @WithDefault("100")
        int archiveSize();

        /** How often waiting board updates are relayed to Redis (scheduler syntax, e.g. 5s). */
        @WithDefault("5s")
        String relayEvery();

        /** How often the marker key is checked (a Redis that lost its data is rebuilt). */
        @WithDefault("30s")
        String watchEvery();
    }

    interface Challenge {
        /** Late submissions within this grace still count (a slow network near the time limit). */
        @WithDefault("PT30S")
        Duration submitGrace();

        /** Seconds per question of a practice drawn from the wrong-answer book. */
        @WithDefault("60")
        int wrongBookSecondsPerQuestion();
    }

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
