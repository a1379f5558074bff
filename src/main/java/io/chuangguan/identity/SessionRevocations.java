package io.chuangguan.identity;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.RedisPipelines;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * The deny-list of sessions whose access tokens must stop working before they expire: a logout, or a refresh token
 * presented twice. It is shared through Redis ({@code cg:revoked-sessions}, a sorted set of session ids scored by the
 * time their last access token expires) and held by each instance in memory, read back every
 * {@value #POLL_SECONDS} seconds, so that checking a token costs a set lookup and no round trip. A revocation takes
 * effect at once on the instance that made it and within {@value #POLL_SECONDS} seconds on every other one.
 * <p>
 * Redis away: revocations already known stay in force; a new one is written to PostgreSQL (the refresh tokens) as
 * always, and reaches the other instances' deny-lists when Redis is back and the instance that made it retries.
 */
@ApplicationScoped
public class SessionRevocations {

    private static final Logger LOG = Logger.getLogger(SessionRevocations.class);
    static final String KEY = "cg:revoked-sessions";
    static final int POLL_SECONDS = 2;
    private static final Duration WAIT = Duration.ofSeconds(1);

    private final Redis redis;
    private final RedisPipelines pipelines;
    private final Duration accessTokenTtl;
    /** As Redis had it at the last poll. */
    private volatile Set<String> revoked = Set.of();
    /**
     * Revocations this instance made, kept until Redis has them and a poll has surely read them back (a poll that
     * read Redis just before they arrived must not drop them).
     */
    private final Map<String, Long> recent = new ConcurrentHashMap<>();
    /** Revocations this instance made that Redis has not taken yet (retried at each poll). */
    private final Set<String> unsent = ConcurrentHashMap.newKeySet();

    public SessionRevocations(Redis redis, AppConfig config, MeterRegistry metrics, RedisPipelines pipelines) {
        this.pipelines = pipelines;
        this.redis = redis;
        this.accessTokenTtl = config.auth().accessTokenTtl();
        metrics.gauge("chuangguan.sessions.revoked", this, r -> r.revoked.size());
        metrics.gauge("chuangguan.sessions.revocations.unshared", unsent, Set::size);
    }

    public boolean isRevoked(String sessionId) {
        return sessionId != null && (revoked.contains(sessionId) || recent.containsKey(sessionId));
    }

    /** Revokes the sessions here at once and everywhere within the poll interval. */
    public Uni<Void> revoke(Collection<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long now = System.currentTimeMillis();
        sessionIds.forEach(id -> recent.put(id, now));
        return send(sessionIds);
    }

    private Uni<Void> send(Collection<String> sessionIds) {
        long until = System.currentTimeMillis() + accessTokenTtl.toMillis();
        Request zadd = Request.cmd(Command.ZADD).arg(KEY);
        sessionIds.forEach(id -> zadd.arg(until).arg(id));
        return redis.send(zadd).ifNoItem().after(WAIT).fail()
                .invoke(() -> unsent.removeAll(sessionIds))
                .onFailure().invoke(e -> {
                    unsent.addAll(sessionIds);
                    LOG.warnf("Revoked sessions not shared yet, Redis did not answer (%s): retried every %d s", e.toString(), POLL_SECONDS);
                })
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    @Scheduled(every = POLL_SECONDS + "s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        long started = System.currentTimeMillis();
        String now = Long.toString(started);
        recent.entrySet().removeIf(e -> !unsent.contains(e.getKey()) && e.getValue() < started - 5_000L * POLL_SECONDS);
        Uni<Void> retry = unsent.isEmpty() ? Uni.createFrom().voidItem() : send(List.copyOf(unsent));
        return retry.chain(() -> pipelines.batch(List.of(
                Request.cmd(Command.ZREMRANGEBYSCORE).arg(KEY).arg("-inf").arg(now),
                Request.cmd(Command.ZRANGEBYSCORE).arg(KEY).arg(now).arg("+inf"))))
                .ifNoItem().after(WAIT).fail()
                .invoke(responses -> revoked = ids(responses.get(1)))
                .onFailure().invoke(e -> LOG.debugf("Revoked sessions not read back (%s): the last list stays in force", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private static Set<String> ids(Response members) {
        Set<String> ids = new HashSet<>();
        if (members != null) {
            members.forEach(member -> ids.add(member.toString()));
        }
        return ids;
    }
}
