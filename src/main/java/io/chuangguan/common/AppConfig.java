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

    Union union();

    Promotion promotion();

    Limits limits();

    Integrity integrity();

    Batches batches();

    Replica replica();

    /** A streaming replica of PostgreSQL for the heavy reads that may trail by seconds (see common.ReportReads). */
    interface Replica {
        /** Reads go to the primary while the replica has not replayed what the primary had written this long ago. */
        @WithDefault("PT10S")
        Duration maxLag();

        /** How often the replica's replay position is compared with the primary's (scheduler syntax). */
        @WithDefault("1s")
        String checkEvery();
    }

    /** The hot path's batched statements (common.StatementBatcher). */
    interface Batches {
        /** A statement without an answer by then fails its requests with 503 (the next batch goes on). */
        @WithDefault("PT10S")
        Duration timeout();

        /** Requests waiting for one statement beyond this are refused at once with 503. */
        @WithDefault("10000")
        int maxQueued();
    }

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
        @WithDefault("NATIONAL:10=1,PROVINCE:5=2,PROVINCE:20=3,CITY:3=3,CITY:10=4,COUNTY:3=4,ENTERPRISE:3=4")
        String contestRules();

        /** The province's code on certificate numbers. */
        @WithDefault("37")
        String certificatePrefix();
    }

    interface Union {
        /** How often submitted attempts are folded into the union's figures (scheduler syntax; off stops it). */
        @WithDefault("30s")
        String rollupEvery();
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

        /** Point totals a rebuild reads and writes at a time (the heap it takes grows with it). */
        @WithDefault("50000")
        int rebuildPage();
    }

    interface Challenge {
        /** Late submissions within this grace still count (a slow network near the time limit). */
        @WithDefault("PT30S")
        Duration submitGrace();

        /** Seconds per question of a practice drawn from the wrong-answer book. */
        @WithDefault("60")
        int wrongBookSecondsPerQuestion();

        /**
         * The fewest seconds per question a CHALLENGE may take, on the server's clock: a faster run is scored and kept
         * but earns no points, opens no level and counts for no promotion. 0 turns the floor off.
         */
        @WithDefault("3")
        int minSecondsPerQuestion();

        /** How often attempts left open past their time (and grace) are closed as timed out. */
        @WithDefault("1m")
        String closeAbandonedEvery();
    }

    /** Limits that hold across instances (counted in Redis); a request over one is answered 429 with Retry-After. */
    interface Limits {
        /** Off only for load generators that play far faster than people (the benchmark says when it does). */
        @WithDefault("true")
        boolean enabled();

        /** Attempt starts per worker. */
        Limit attemptStarts();

        /** CHALLENGE starts of one exam level per worker. */
        Limit examStarts();

        /** Failed logins from one client address, whatever the phone (password spraying). */
        Limit loginFailuresPerAddress();

        /** Token refreshes from one client address. */
        Limit refreshesPerAddress();

        /**
         * Logins to one phone from one client address, counted before the password is compared: past the limit that
         * address is locked out of that phone, and nobody else is.
         */
        Limit loginAttemptsPerPhoneAndAddress();

        /** Failed logins to one phone from anywhere; past the limit the phone is slowed (below). */
        Limit loginFailuresPerPhone();

        /** While a phone is slowed: logins to it from devices it does not know (a known device is not slowed). */
        Limit slowedLogins();
    }

    /** At most {@code max} in any {@code window} (a fixed window that starts with the first event). */
    interface Limit {
        int max();

        Duration window();
    }

    /** When runs and patterns are flagged for review (see integrity.IntegrityScanner). */
    interface Integrity {
        /** How often new submissions are scanned. */
        @WithDefault("1m")
        String scanEvery();

        /** This many CHALLENGE runs in a row at 100 ... */
        @WithDefault("5")
        int perfectStreak();

        /** ... each faster than this many times the floor raise PERFECT_STREAK. */
        @WithDefault("2")
        int nearFloorFactor();

        /** More accounts than this playing from one device within a day raise SHARED_DEVICE. */
        @WithDefault("2")
        int accountsPerDevice();

        /** More accounts than this playing from one address within an hour raise SHARED_ADDRESS. */
        @WithDefault("20")
        int accountsPerAddress();

        /** Two accounts' runs of one level submitted this close ... */
        @WithDefault("PT10M")
        Duration identicalWindow();

        /** ... with the same answers on at least this many shared questions, two of them the same wrong answer. */
        @WithDefault("5")
        int identicalMinShared();
    }

    interface Auth {
        String issuer();

        Duration accessTokenTtl();

        Duration refreshTokenTtl();

        /** How long a device that logged in to an account is known to it (it keeps access while the phone is slowed). */
        @WithDefault("P90D")
        Duration knownDeviceTtl();

        /** How long a rotated refresh token may be presented again and get the same new pair (two tabs at once). */
        @WithDefault("PT30S")
        Duration refreshGrace();
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
