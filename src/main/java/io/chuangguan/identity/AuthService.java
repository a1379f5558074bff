package io.chuangguan.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.Client;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.RateLimiter;
import io.chuangguan.identity.IdentityRequests.LoginRequest;
import io.chuangguan.identity.IdentityViews.TokenView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * Logins, refreshes and logouts. A session is a family of refresh tokens (a login, then each refresh's successor);
 * its access tokens carry its id, so revoking the family revokes them too ({@link SessionRevocations}).
 */
@ApplicationScoped
public class AuthService {

    private static final Logger LOG = Logger.getLogger(AuthService.class);
    private static final String LOGIN_FAILURES = "login-failures";
    private static final Duration WAIT = Duration.ofMillis(500);

    private final AccountService accounts;
    private final PasswordHasher hasher;
    private final TokenIssuer tokens;
    private final LoginThrottle throttle;
    private final RateLimiter limiter;
    private final SessionRevocations revocations;
    private final Redis redis;
    private final ObjectMapper json;
    private final AppConfig.Auth config;
    private final AppConfig.Limits limits;

    public AuthService(AccountService accounts, PasswordHasher hasher, TokenIssuer tokens, LoginThrottle throttle,
            RateLimiter limiter, SessionRevocations revocations, Redis redis, ObjectMapper json, AppConfig config) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.tokens = tokens;
        this.throttle = throttle;
        this.limiter = limiter;
        this.revocations = revocations;
        this.redis = redis;
        this.json = json;
        this.config = config.auth();
        this.limits = config.limits();
    }

    /**
     * Wrong phone and wrong password get the same answer, after the same bcrypt work. Every try is counted before the
     * comparison ({@link LoginThrottle}), and an address with too many failed logins, whatever the phones (password
     * spraying), is refused before any.
     */
    @WithSession
    public Uni<TokenView> login(LoginRequest request, Client client) {
        String address = client.addressKey();
        String phone = request.phone();
        return limiter.check(LOGIN_FAILURES, limits.loginFailuresPerAddress(), address, "Too many failed logins from your network")
                .chain(() -> throttle.admit(phone, client))
                .chain(() -> Account.<Account>find("phone", phone).<Account>firstResult())
                .chain(account -> hasher.matches(request.password(), account == null ? null : account.passwordHash)
                        .chain(match -> match
                                ? throttle.succeeded(phone, client)
                                        .chain(() -> Panache.withTransaction(() -> issue(account, UUID.randomUUID())))
                                : throttle.failed(phone)
                                        .chain(() -> limiter.record(LOGIN_FAILURES, limits.loginFailuresPerAddress(), address))
                                        .chain(() -> Uni.createFrom().failure(invalidCredentials()))));
    }

    /**
     * Trades a refresh token for a new pair of the same session; the old one is spent. Presented again within the
     * grace ({@code app.auth.refresh-grace}: two tabs refreshing at once), it gets the same new pair. Presented again
     * later, it leaked: every session of the account is revoked, access tokens included (that revocation commits,
     * though the answer is 401).
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
                                return replayed(stored, hash, client);
                            }
                            stored.revokedAt = Instant.now();
                            stored.revokedReason = "ROTATED";
                            return Account.<Account>findById(stored.accountId)
                                    .chain(account -> issue(account, stored.familyId))
                                    .call(issued -> rememberForGrace(hash, issued, client))
                                    .map(Optional::of);
                        })))
                .map(issued -> issued.orElseThrow(AuthService::invalidRefreshToken));
    }

    /** Ends the session: its refresh tokens and, within seconds everywhere, its access tokens. Twice is fine. */
    @WithSession
    public Uni<Void> logout(String refreshToken) {
        return Panache.withTransaction(() -> RefreshToken.<RefreshToken>find("tokenHash", TokenIssuer.sha256(refreshToken))
                .<RefreshToken>firstResult()
                .chain(stored -> stored == null ? Uni.createFrom().voidItem()
                        : RefreshToken.update("revokedAt = ?1, revokedReason = 'LOGOUT' where familyId = ?2 and revokedAt is null",
                                Instant.now(), stored.familyId)
                                .chain(() -> revocations.revoke(List.of(stored.familyId.toString())))));
    }

    private Uni<Optional<TokenView>> replayed(RefreshToken stored, String hash, Client client) {
        boolean inGrace = "ROTATED".equals(stored.revokedReason)
                && stored.revokedAt.plus(config.refreshGrace()).isAfter(Instant.now())
                && !revocations.isRevoked(stored.familyId.toString());
        Uni<Optional<TokenView>> graced = inGrace ? pairGivenFor(hash, client) : Uni.createFrom().item(Optional.empty());
        return graced.chain(pair -> pair.isPresent() ? Uni.createFrom().item(pair)
                : revokeAll(stored.accountId, stored.familyId).replaceWith(Optional.<TokenView>empty()));
    }

    /** Every live session of the account, and the one whose token was replayed. */
    private Uni<Void> revokeAll(long accountId, UUID replayedFamily) {
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                "select distinct familyId from RefreshToken where accountId = ?1 and revokedAt is null", UUID.class)
                .setParameter(1, accountId).getResultList())
                .chain(families -> RefreshToken.update("revokedAt = ?1, revokedReason = 'REUSE' where accountId = ?2 and revokedAt is null",
                        Instant.now(), accountId)
                        .chain(() -> {
                            List<String> ids = new java.util.ArrayList<>(families.stream().map(UUID::toString).toList());
                            ids.add(replayedFamily.toString());
                            LOG.infof("A spent refresh token of account %d was presented again: %d sessions revoked", accountId, ids.size());
                            return revocations.revoke(ids);
                        }));
    }

    /**
     * What the grace hands out again, and to whom: only a replay from the client that rotated the token (same address
     * and device) gets the pair. A thief replaying a stolen token within the grace, from elsewhere, revokes the
     * account's sessions as after it.
     */
    record GracePair(String address, String deviceId, TokenView pair) {
        boolean sameClient(Client client) {
            return address.equals(client.addressKey()) && java.util.Objects.equals(deviceId, client.deviceId());
        }
    }

    private Uni<Void> rememberForGrace(String spentHash, TokenView issued, Client client) {
        String value;
        try {
            value = json.writeValueAsString(new GracePair(client.addressKey(), client.deviceId(), issued));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return redis.send(Request.cmd(Command.SET).arg(graceKey(spentHash)).arg(value).arg("PX").arg(config.refreshGrace().toMillis()))
                .ifNoItem().after(WAIT).fail()
                .onFailure().invoke(e -> LOG.warnf("Refresh grace not kept, Redis did not answer (%s)", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Optional<TokenView>> pairGivenFor(String spentHash, Client client) {
        return redis.send(Request.cmd(Command.GET).arg(graceKey(spentHash))).ifNoItem().after(WAIT).fail()
                .map(response -> {
                    if (response == null) {
                        return Optional.<TokenView>empty();
                    }
                    try {
                        GracePair grace = json.readValue(response.toString(), GracePair.class);
                        return grace.sameClient(client) ? Optional.of(grace.pair()) : Optional.<TokenView>empty();
                    } catch (JsonProcessingException e) {
                        return Optional.<TokenView>empty();
                    }
                })
                .onFailure().recoverWithItem(Optional.empty());
    }

    /** The pair a spent refresh token got, for the grace after its rotation. */
    static String graceKey(String spentHash) {
        return "cg:refresh-grace:{" + spentHash + "}";
    }

    /** Runs inside the caller's transaction: the new refresh token is stored with it. */
    private Uni<TokenView> issue(Account account, UUID family) {
        String refresh = tokens.newRefreshToken();
        RefreshToken stored = new RefreshToken();
        stored.accountId = account.id;
        stored.tokenHash = TokenIssuer.sha256(refresh);
        stored.expiresAt = Instant.now().plus(config.refreshTokenTtl());
        stored.familyId = family;
        return stored.persist()
                .chain(() -> accounts.identity(account))
                .chain(identity -> accounts.view(identity).map(view -> new TokenView(
                        tokens.accessToken(identity.account(), identity.worker(), identity.industryIds(), family.toString()),
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
