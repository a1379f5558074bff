package io.chuangguan.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Fixed-window counters in Redis, so a limit holds across every instance: at most {@code max} events per subject in
 * a window that starts with the subject's first event. Over the limit the caller gets 429 with {@code Retry-After}
 * (the window's remaining time) and the problem type {@code too-many-<limit>}. Redis away or slow: the request goes through (a WARN and a metric say so), because
 * a limit protects the service and must not take it down with Redis.
 * <p>
 * Keys: {@code cg:rl:{<limit>:<subject>}}, e.g. {@code cg:rl:{attempt-starts:42}}, each with its window as expiry.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    /** The longest a limit check waits for Redis before letting the request through. */
    private static final Duration WAIT = Duration.ofMillis(500);
    /**
     * KEYS[1] the counter, ARGV[1] the window in ms, ARGV[2] how much to add (0: only read). Returns the count and the
     * window's remaining ms. A counter left without expiry (never expected) gets one.
     */
    private static final String SCRIPT = """
            local n
            if tonumber(ARGV[2]) > 0 then
              n = redis.call('INCRBY', KEYS[1], ARGV[2])
            else
              n = tonumber(redis.call('GET', KEYS[1]) or '0')
            end
            local ttl = redis.call('PTTL', KEYS[1])
            if n > 0 and ttl < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {n, ttl}
            """;
    private static final String SCRIPT_SHA = sha1(SCRIPT);

    private final Redis redis;
    private final boolean enabled;
    private final MeterRegistry metrics;

    public RateLimiter(Redis redis, AppConfig config, MeterRegistry metrics) {
        this.redis = redis;
        this.enabled = config.limits().enabled();
        this.metrics = metrics;
    }

    /** Counts one event of the subject and fails with 429 when it goes over the limit. */
    public Uni<Void> acquire(String name, AppConfig.Limit limit, String subject, String refusal) {
        return count(name, limit, subject, 1).invoke(state -> refuseOver(name, limit, state, refusal)).replaceWithVoid();
    }

    /** Fails with 429 when the subject is at the limit already, without counting anything. */
    public Uni<Void> check(String name, AppConfig.Limit limit, String subject, String refusal) {
        return count(name, limit, subject, 0).invoke(state -> {
            if (state != null && state.count() >= limit.max()) {
                refuse(name, state, refusal);
            }
        }).replaceWithVoid();
    }

    /** Whether the subject has reached the limit (false when limits are off or Redis did not answer). */
    public Uni<Boolean> reached(String name, AppConfig.Limit limit, String subject) {
        return count(name, limit, subject, 0).map(state -> state != null && state.count() >= limit.max());
    }

    /** Counts one event without refusing anything (for limits checked before the event: {@link #check}). */
    public Uni<Void> record(String name, AppConfig.Limit limit, String subject) {
        return count(name, limit, subject, 1).replaceWithVoid();
    }

    /** Forgets the subject's events (a correct login clears its address's failures, for instance). */
    public Uni<Void> reset(String name, String subject) {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        return redis.send(Request.cmd(Command.DEL).arg(key(name, subject))).ifNoItem().after(WAIT).fail()
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    static String key(String name, String subject) {
        return "cg:rl:{" + name + ":" + subject + "}";
    }

    private record State(long count, long remainingMillis) {
    }

    private void refuseOver(String name, AppConfig.Limit limit, State state, String refusal) {
        if (state != null && state.count() > limit.max()) {
            refuse(name, state, refusal);
        }
    }

    private void refuse(String name, State state, String refusal) {
        metrics.counter("chuangguan.limit.refusals", "limit", name).increment();
        long seconds = Math.max(1, (state.remainingMillis() + 999) / 1000);
        throw new RetryLaterException("too-many-" + name, refusal + "; try again in " + RetryLaterException.describe(seconds), seconds);
    }

    /** The count after adding {@code add}, or null when limits are off or Redis did not answer. */
    private Uni<State> count(String name, AppConfig.Limit limit, String subject, int add) {
        if (!enabled) {
            return Uni.createFrom().nullItem();
        }
        String key = key(name, subject);
        String window = Long.toString(limit.window().toMillis());
        String increment = Integer.toString(add);
        Request evalsha = Request.cmd(Command.EVALSHA).arg(SCRIPT_SHA).arg(1).arg(key).arg(window).arg(increment);
        return redis.send(evalsha)
                .onFailure(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT"))
                .recoverWithUni(() -> redis.send(Request.cmd(Command.EVAL).arg(SCRIPT).arg(1).arg(key).arg(window).arg(increment)))
                .ifNoItem().after(WAIT).fail()
                .map(RateLimiter::state)
                .onFailure().recoverWithItem(e -> {
                    metrics.counter("chuangguan.limit.unavailable", "limit", name).increment();
                    LOG.warnf("Limit %s not checked, Redis did not answer (%s): the request goes through", name, e.toString());
                    return null;
                });
    }

    private static State state(Response response) {
        return new State(response.get(0).toLong(), response.get(1).toLong());
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
