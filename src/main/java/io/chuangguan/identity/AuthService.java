package io.chuangguan.identity;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.Client;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.RateLimiter;
import io.chuangguan.identity.IdentityRequests.LoginRequest;
import io.chuangguan.identity.IdentityViews.TokenView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AuthService {

    private final AccountService accounts;
    private final PasswordHasher hasher;
    private final TokenIssuer tokens;
    private final LoginThrottle throttle;
    private final RateLimiter limiter;
    private final AppConfig.Auth config;
    private final AppConfig.Limits limits;

    public AuthService(AccountService accounts, PasswordHasher hasher, TokenIssuer tokens, LoginThrottle throttle,
            RateLimiter limiter, AppConfig config) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.tokens = tokens;
        this.throttle = throttle;
        this.limiter = limiter;
        this.config = config.auth();
        this.limits = config.limits();
    }

    private static final String LOGIN_FAILURES = "login-failures";

    /**
     * Wrong phone and wrong password get the same answer, after the same bcrypt work. An address with too many failed
     * logins, whatever the phones (password spraying), is refused before any comparison.
     */
    @WithSession
    public Uni<TokenView> login(LoginRequest request, Client client) {
        String address = client.addressKey();
        return limiter.check(LOGIN_FAILURES, limits.loginFailuresPerAddress(), address, "Too many failed logins from your network")
                .chain(() -> throttle.checkNotLocked(request.phone()))
                .chain(() -> Account.<Account>find("phone", request.phone()).<Account>firstResult())
                .chain(account -> hasher.matches(request.password(), account == null ? null : account.passwordHash)
                        .chain(match -> match
                                ? Panache.withTransaction(() -> throttle.clear(request.phone()).chain(() -> issue(account)))
                                : throttle.recordFailure(request.phone())
                                        .chain(() -> limiter.record(LOGIN_FAILURES, limits.loginFailuresPerAddress(), address))
                                        .chain(() -> Uni.createFrom().failure(invalidCredentials()))));
    }

    /**
     * Trades a refresh token for a new pair; the old one is spent. Presenting a spent token again means it leaked:
     * every token of that account is revoked (and that revocation commits, though the answer is 401).
     */
    @WithSession
    public Uni<TokenView> refresh(String refreshToken, Client client) {
        String hash = TokenIssuer.sha256(refreshToken);
        return limiter.acquire("refreshes", limits.refreshesPerAddress(), client.addressKey(), "Too many token refreshes from your network")
                .chain(() -> Panache.withTransaction(() -> RefreshToken.<RefreshToken>find("tokenHash", hash)
                .withLock(LockModeType.PESSIMISTIC_WRITE).<RefreshToken>firstResult()
                .chain(stored -> {
                    if (stored == null || stored.expiresAt.isBefore(Instant.now())) {
                        return Uni.createFrom().item(Optional.<TokenView>empty());
                    }
                    if (stored.revokedAt != null) {
                        return revokeAll(stored.accountId).replaceWith(Optional.<TokenView>empty());
                    }
                    stored.revokedAt = Instant.now();
                    return Account.<Account>findById(stored.accountId).chain(this::issue).map(Optional::of);
                })))
                .map(issued -> issued.orElseThrow(AuthService::invalidRefreshToken));
    }

    /** Revokes the refresh token; unknown or already revoked tokens are fine (logging out twice is not an error). */
    @WithTransaction
    public Uni<Void> logout(String refreshToken) {
        return RefreshToken.update("revokedAt = ?1 where tokenHash = ?2 and revokedAt is null", Instant.now(),
                TokenIssuer.sha256(refreshToken)).replaceWithVoid();
    }

    private Uni<Void> revokeAll(long accountId) {
        return RefreshToken.update("revokedAt = ?1 where accountId = ?2 and revokedAt is null", Instant.now(), accountId)
                .replaceWithVoid();
    }

    /** Runs inside the caller's transaction: the new refresh token is stored with it. */
    private Uni<TokenView> issue(Account account) {
        String refresh = tokens.newRefreshToken();
        RefreshToken stored = new RefreshToken();
        stored.accountId = account.id;
        stored.tokenHash = TokenIssuer.sha256(refresh);
        stored.expiresAt = Instant.now().plus(config.refreshTokenTtl());
        return stored.persist()
                .chain(() -> accounts.identity(account))
                .chain(identity -> accounts.view(identity).map(view -> new TokenView(
                        tokens.accessToken(identity.account(), identity.worker(), identity.industryIds()),
                        refresh, "Bearer", config.accessTokenTtl().toSeconds(), view)));
    }

    private static DomainException invalidCredentials() {
        return new DomainException(401, "invalid-credentials", "Unauthorized", "The phone number or password is wrong");
    }

    private static DomainException invalidRefreshToken() {
        return new DomainException(401, "invalid-refresh-token", "Unauthorized",
                "The refresh token is unknown, expired or revoked; log in again");
    }
}
