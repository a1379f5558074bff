package io.chuangguan.identity;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
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

    private final JWTCallerPrincipalFactory verifier = new DefaultJWTCallerPrincipalFactory();
    private final Map<String, JWTCallerPrincipal> verified = new ConcurrentHashMap<>();

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        JWTCallerPrincipal principal = verified.get(token);
        long nowSeconds = System.currentTimeMillis() / 1000;
        if (principal != null && principal.getExpirationTime() > nowSeconds) {
            return principal;
        }
        verified.remove(token);
        principal = verifier.parse(token, authContextInfo);
        if (verified.size() >= MAX_TOKENS) {
            verified.clear();
        }
        verified.put(token, principal);
        return principal;
    }
}
