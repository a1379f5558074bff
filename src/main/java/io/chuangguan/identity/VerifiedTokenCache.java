package io.chuangguan.identity;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.jwt.Claims;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtContext;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies each access token once, not on every request: a phone sends the same token for up to 15 minutes, and the
 * RS256 check plus claim parsing cost more than a leaderboard read. A cached token is still refused after its
 * expiry and as soon as its session is revoked (logout, a replayed refresh token); only the exact token string
 * (signature included) hits the cache. Caffeine bounds it, verifies a token arriving on many connections at once
 * only once, and reports its hit rate ({@code cache_gets_total{cache="verified-tokens"}}).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache extends JWTCallerPrincipalFactory {

    private static final Map<String, Claims> STANDARD_CLAIMS = Arrays.stream(Claims.values())
            .collect(Collectors.toMap(Claims::name, Function.identity()));

    private final DefaultJWTTokenParser verifier = new DefaultJWTTokenParser();
    private final SessionRevocations revocations;
    private final Cache<String, VerifiedToken> verified;

    public VerifiedTokenCache(SessionRevocations revocations, AppConfig config, MeterRegistry metrics) {
        this.revocations = revocations;
        this.verified = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(config.auth().accessTokenTtl())
                .recordStats().build();
        CaffeineCacheMetrics.monitor(metrics, verified, "verified-tokens");
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        VerifiedToken principal;
        try {
            principal = verified.get(token, t -> verify(t, authContextInfo));
        } catch (Unverifiable e) {
            throw e.cause;
        }
        if (principal.getExpirationTime() <= System.currentTimeMillis() / 1000) {
            verified.invalidate(token);
            throw new ParseException("The token has expired");
        }
        if (revocations.isRevoked(principal.sessionId)) {
            throw new ParseException("The token's session was revoked");
        }
        return principal;
    }

    private VerifiedToken verify(String token, JWTAuthContextInfo authContextInfo) {
        try {
            JwtContext context = verifier.parse(token, authContextInfo);
            return new VerifiedToken(token, context.getJoseObjects().get(0).getHeader("typ"), context.getJwtClaims());
        } catch (ParseException e) {
            throw new Unverifiable(e);
        }
    }

    /** Carries a verification failure out of the cache's loader (which may not throw checked exceptions). */
    private static final class Unverifiable extends RuntimeException {
        final ParseException cause;

        Unverifiable(ParseException cause) {
            super(null, null, false, false);
            this.cause = cause;
        }
    }

    /**
     * A verified token as smallrye-jwt's own factory builds it, but a custom claim (the caller's trade, enterprise,
     * team) is looked up without the IllegalArgumentException that {@code Claims.valueOf} throws for every custom name
     * on every read.
     */
    private static final class VerifiedToken extends DefaultJWTCallerPrincipal {

        final String sessionId;

        VerifiedToken(String token, String type, JwtClaims claims) {
            super(token, type, claims);
            Object sid = claims.getClaimValue(Caller.CLAIM_SESSION);
            this.sessionId = sid == null ? null : sid.toString();
        }

        @Override
        protected Claims getClaimType(String claimName) {
            return STANDARD_CLAIMS.getOrDefault(claimName, Claims.UNKNOWN);
        }
    }
}
