package io.chuangguan.identity;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * bcrypt hashing. bcrypt is slow on purpose, so it runs on a worker thread (unordered: logins need not queue
 * behind each other) and the result comes back on the caller's Vert.x context, where the reactive session lives.
 */
@ApplicationScoped
public class PasswordHasher {

    static final int COST = 10;
    /** Compared against when the phone is unknown, so both cases take the same time. */
    private static final String UNKNOWN_ACCOUNT_HASH = BcryptUtil.bcryptHash("no account has this password", COST);

    private final Vertx vertx;

    public PasswordHasher(Vertx vertx) {
        this.vertx = vertx;
    }

    public Uni<String> hash(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.bcryptHash(password, COST)), false);
    }

    /** Whether {@code password} matches {@code hash}; a null hash (unknown account) never matches but costs the same. */
    public Uni<Boolean> matches(String password, String hash) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            boolean match = BcryptUtil.matches(password, hash == null ? UNKNOWN_ACCOUNT_HASH : hash);
            return hash != null && match;
        }), false);
    }
}
