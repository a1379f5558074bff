package io.chuangguan.union;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;

import io.chuangguan.Fixtures;
import io.chuangguan.common.OwnReplica;
import io.chuangguan.common.ReportReads;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The union's reads on a real streaming replica (made with pg_basebackup -R, max-lag 4 s in this profile): served by
 * the replica while it keeps up, so a write on the primary shows there a moment later; by the primary as soon as the
 * replica trails by more than max-lag or is gone; by the replica again once it caught up or came back. Each read is
 * counted by who served it.
 */
@QuarkusTest
@TestProfile(OwnReplica.Profile.class)
@EnabledIf(value = "io.chuangguan.common.OwnReplica#available", disabledReason = "needs PostgreSQL's initdb, pg_ctl and pg_basebackup")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnionReadsOnReplicaTest {

    private static final Duration MAX_LAG = Duration.ofSeconds(4);

    @Inject
    Fixtures fixtures;

    @Inject
    ReportReads reads;

    @Inject
    MeterRegistry metrics;

    private Fixtures.Org org;
    private String cityAdmin;

    @BeforeEach
    void province() {
        if (org != null) {
            return;
        }
        org = fixtures.org();
        fixtures.worker(org);
        fixtures.worker(org);
        cityAdmin = Fixtures.login(fixtures.unionAdminOfRegion(org.cityId()).phone());
    }

    @Test
    @Order(1)
    void readsTrailOnTheReplicaAndGoToThePrimaryWhenItLagsBeyondMaxLag() {
        awaitCaughtUp();
        double onReplica = served("replica", "fresh");
        assertEquals(2, registeredInTeam());
        assertTrue(served("replica", "fresh") > onReplica, "the replica served the read");

        OwnReplica.pauseReplay();
        try {
            fixtures.worker(org);
            // the replica has not applied the new worker, and is not yet max-lag behind: its answer trails
            assertEquals(2, registeredInTeam());
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> reads.lag().compareTo(MAX_LAG) > 0);
            double lagging = served("primary", "replica-lagging");
            assertEquals(3, registeredInTeam(), "the primary answers while the replica trails by more than max-lag");
            assertTrue(served("primary", "replica-lagging") > lagging);
            assertTrue(gauge("chuangguan.replica.lag.seconds") > MAX_LAG.toSeconds());
        } finally {
            OwnReplica.resumeReplay();
        }
        awaitCaughtUp();
        onReplica = served("replica", "fresh");
        assertEquals(3, registeredInTeam());
        assertTrue(served("replica", "fresh") > onReplica, "the replica serves again once it caught up");
    }

    @Test
    @Order(2)
    void aReplicaThatIsGoneLeavesThePrimaryToServeAndReadinessUp() {
        awaitCaughtUp();
        OwnReplica.stopReplica();
        try {
            double before = served("primary", "replica-failed") + served("primary", "replica-down");
            fixtures.worker(org);
            // whether the check saw it go or the read found it gone, the primary answers, with the newest figures
            assertEquals(4, registeredInTeam());
            assertTrue(served("primary", "replica-failed") + served("primary", "replica-down") > before);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !reads.replicaUp());
            assertEquals(0.0, gauge("chuangguan.replica.up"));
            double down = served("primary", "replica-down");
            assertEquals(4, registeredInTeam());
            assertTrue(served("primary", "replica-down") > down);
            given().get("/q/health/ready").then().statusCode(200);
        } finally {
            OwnReplica.startReplica();
        }
        awaitCaughtUp();
        double onReplica = served("replica", "fresh");
        assertEquals(4, registeredInTeam());
        assertTrue(served("replica", "fresh") > onReplica, "the replica serves again once it is back");
    }

    private void awaitCaughtUp() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> reads.replicaUp() && reads.lag().isZero());
    }

    /** What the city's admin sees as the team's registered workers (the worker list's total). */
    private int registeredInTeam() {
        return given().auth().oauth2(cityAdmin).queryParam("unit", "team:" + org.teamId()).get("/api/union/workers").then().statusCode(200)
                .extract().jsonPath().getInt("total");
    }

    private double served(String by, String reason) {
        return metrics.counter("chuangguan.report.reads", "served_by", by, "reason", reason).count();
    }

    private double gauge(String name) {
        return metrics.get(name).gauge().value();
    }
}
