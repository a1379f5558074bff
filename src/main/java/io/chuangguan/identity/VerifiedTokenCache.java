package io.chuangguan.identity;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.jwt.Claims;
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
 * expiry; only the exact token string (signature included) hits the cache.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache extends JWTCallerPrincipalFactory {

    /** Bounds memory: a full cache is emptied, and tokens are verified again as they come. */
    private static final int MAX_TOKENS = 100_000;

    private static final Map<String, Claims> STANDARD_CLAIMS = Arrays.stream(Claims.values())
            .collect(Collectors.toMap(Claims::name, Function.identity()));

    private final DefaultJWTTokenParser verifier = new DefaultJWTTokenParser();
    private final Map<String, JWTCallerPrincipal> verified = new ConcurrentHashMap<>();

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        JWTCallerPrincipal principal = verified.get(token);
        long nowSeconds = System.currentTimeMillis() / 1000;
        if (principal != null && principal.getExpirationTime() > nowSeconds) {
            return principal;
        }
        verified.remove(token);
        JwtContext context = verifier.parse(token, authContextInfo);
        principal = new VerifiedToken(token, context.getJoseObjects().get(0).getHeader("typ"), context.getJwtClaims());
        if (verified.size() >= MAX_TOKENS) {
            verified.clear();
        }
        verified.put(token, principal);
        return principal;
    }

    /**
     * A verified token as smallrye-jwt's own factory builds it, but a custom claim (the caller's trade, enterprise,
     * team) is looked up without the IllegalArgumentException that {@code Claims.valueOf} throws for every custom name
     * on every read.
     */
    private static final class VerifiedToken extends DefaultJWTCallerPrincipal {

        VerifiedToken(String token, String type, JwtClaims claims) {
            super(token, type, claims);
        }

        @Override
        protected Claims getClaimType(String claimName) {
            return STANDARD_CLAIMS.getOrDefault(claimName, Claims.UNKNOWN);
        }
    }
}
