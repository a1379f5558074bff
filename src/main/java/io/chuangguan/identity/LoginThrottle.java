package io.chuangguan.identity;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.Client;
import io.chuangguan.common.RateLimiter;
import io.chuangguan.common.RedisPipelines;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * Who may try a password, decided before it is compared (so guesses sent in parallel are counted, not raced):
 * <ul>
 * <li>one client address gets {@code login-attempts-per-phone-and-address} tries at one phone; past them that address
 * is locked out of that phone for the window, and the phone's owner elsewhere is not;</li>
 * <li>a phone that collects {@code login-failures-per-phone} failures from anywhere is slowed: devices it does not know
 * get {@code slowed-logins} tries per window between them all; a device that logged in to it before is not slowed, and
 * the owner on a new device gets in with the right password after the delay;</li>
 * <li>an address with too many failures whatever the phones (password spraying) is refused (AuthService).</li>
 * </ul>
 * Everything is counted by the phone number as typed, so a phone without an account behaves exactly like one with.
 * Counters live in Redis (they hold across instances). Keys: the limiter's {@code cg:rl:{<limit>:<subject>}} and
 * {@code cg:login:devices:{<phone>}}, the set of device ids that logged in with that phone.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);
    private static final Duration WAIT = Duration.ofMillis(500);
    static final String ATTEMPTS = "login-attempts";
    static final String PHONE_FAILURES = "login-phone-failures";
    static final String SLOWED = "login-slowed";

    private final RateLimiter limiter;
    private final Redis redis;
    private final RedisPipelines pipelines;
    private final AppConfig.Limits limits;
    private final AppConfig.Auth auth;

    public LoginThrottle(RateLimiter limiter, Redis redis, AppConfig config, RedisPipelines pipelines) {
        this.pipelines = pipelines;
        this.limiter = limiter;
        this.redis = redis;
        this.limits = config.limits();
        this.auth = config.auth();
    }

    /** Counts this try and fails with 429 when the client may not try this phone now. */
    public Uni<Void> admit(String phone, Client client) {
        return limiter.acquire(ATTEMPTS, limits.loginAttemptsPerPhoneAndAddress(), phone + "@" + client.addressKey(),
                "Too many login attempts for this phone number from your network")
                .chain(() -> limiter.reached(PHONE_FAILURES, limits.loginFailuresPerPhone(), phone))
                .chain(slowed -> !slowed ? Uni.createFrom().voidItem()
                        : knows(phone, client.deviceId()).chain(known -> known ? Uni.createFrom().voidItem()
                                : limiter.acquire(SLOWED, limits.slowedLogins(), phone,
                                        "This phone number had many failed logins; log in from a device you used before, or wait")));
    }

    public Uni<Void> failed(String phone) {
        return limiter.record(PHONE_FAILURES, limits.loginFailuresPerPhone(), phone);
    }

    /** The right password: this address may try this phone afresh, and the device is known to it from now on. */
    public Uni<Void> succeeded(String phone, Client client) {
        Uni<Void> reset = limiter.reset(ATTEMPTS, phone + "@" + client.addressKey());
        if (client.deviceId() == null) {
            return reset;
        }
        String key = devicesKey(phone);
        return reset.chain(() -> pipelines.batch(java.util.List.of(
                Request.cmd(Command.SADD).arg(key).arg(client.deviceId()),
                Request.cmd(Command.PEXPIRE).arg(key).arg(auth.knownDeviceTtl().toMillis())))
                .ifNoItem().after(WAIT).fail()
                .onFailure().invoke(e -> LOG.warnf("Device of a login not remembered, Redis did not answer (%s)", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid());
    }

    private Uni<Boolean> knows(String phone, String deviceId) {
        if (deviceId == null) {
            return Uni.createFrom().item(false);
        }
        return redis.send(Request.cmd(Command.SISMEMBER).arg(devicesKey(phone)).arg(deviceId))
                .ifNoItem().after(WAIT).fail()
                .map(response -> response != null && response.toInteger() == 1)
                .onFailure().recoverWithItem(false);
    }

    static String devicesKey(String phone) {
        return "cg:login:devices:{" + phone + "}";
    }
}
