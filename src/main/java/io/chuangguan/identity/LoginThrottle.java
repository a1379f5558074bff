package io.chuangguan.identity;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.RetryLaterException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Counts failed logins per phone number in PostgreSQL and locks the number for a while after too many.
 * Unknown numbers are counted the same way, so a lock tells an attacker nothing about who has an account.
 */
@ApplicationScoped
public class LoginThrottle {

    /** One statement, so concurrent failures cannot lose a count: a stale window restarts at 1. */
    private static final String RECORD_FAILURE = """
            insert into login_throttle as t (phone, failures, window_start, locked_until)
            values (:phone, 1, now(), case when 1 >= :max then now() + make_interval(secs => :lockSeconds) end)
            on conflict (phone) do update set
              failures = case when t.window_start < now() - make_interval(secs => :windowSeconds) then 1 else t.failures + 1 end,
              window_start = case when t.window_start < now() - make_interval(secs => :windowSeconds) then now() else t.window_start end,
              locked_until = case
                when (case when t.window_start < now() - make_interval(secs => :windowSeconds) then 1 else t.failures + 1 end) >= :max
                then now() + make_interval(secs => :lockSeconds) end
            """;

    private final AppConfig.Auth config;

    public LoginThrottle(AppConfig config) {
        this.config = config.auth();
    }

    /** Fails with 429 while the phone is locked. */
    @WithSession
    public Uni<Void> checkNotLocked(String phone) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("select ceil(extract(epoch from locked_until - now()))::int from login_throttle"
                        + " where phone = :phone and locked_until > now()", Integer.class)
                        .setParameter("phone", phone).getResultList())
                .map(rows -> {
                    if (!rows.isEmpty()) {
                        long seconds = Math.max(1, rows.get(0));
                        throw new RetryLaterException("login-locked",
                                "Too many failed logins for this phone number; try again in " + ((seconds + 59) / 60) + " minutes",
                                seconds);
                    }
                    return null;
                });
    }

    @WithTransaction
    public Uni<Void> recordFailure(String phone) {
        return Panache.getSession().chain(s -> s.createNativeQuery(RECORD_FAILURE)
                .setParameter("phone", phone)
                .setParameter("max", config.maxFailures())
                .setParameter("windowSeconds", (double) config.failureWindow().toSeconds())
                .setParameter("lockSeconds", (double) config.lockDuration().toSeconds())
                .executeUpdate()).replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> clear(String phone) {
        return Panache.getSession().chain(s -> s.createNativeQuery("delete from login_throttle where phone = :phone")
                .setParameter("phone", phone).executeUpdate()).replaceWithVoid();
    }
}
