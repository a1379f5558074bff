package io.chuangguan.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.Caller;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/** Signs access tokens (RS256, short-lived) and makes opaque refresh tokens. */
@ApplicationScoped
public class TokenIssuer {

    private final SecureRandom random = new SecureRandom();
    private final AppConfig config;

    public TokenIssuer(AppConfig config) {
        this.config = config;
    }

    /**
     * Roles as {@code groups}, the data scope as numeric claims that {@link Caller} reads back, and the session the
     * token belongs to ({@code sid}), by which it is revoked before it expires.
     */
    public String accessToken(Account account, Worker worker, List<Long> industryIds, String sessionId) {
        JwtClaimsBuilder claims = Jwt.issuer(config.auth().issuer())
                .subject(account.id.toString())
                .upn(account.phone)
                .groups(account.roles.stream().map(Role::name).collect(Collectors.toSet()))
                .claim(Caller.CLAIM_SESSION, sessionId)
                .expiresIn(config.auth().accessTokenTtl());
        if (worker != null) {
            claims.claim(Caller.CLAIM_ENTERPRISE, worker.enterpriseId).claim(Caller.CLAIM_TRADE, worker.tradeId);
            if (worker.teamId != null) {
                claims.claim(Caller.CLAIM_TEAM, worker.teamId);
            }
        }
        if (account.scopeRegionId != null) {
            claims.claim(Caller.CLAIM_SCOPE_REGION, account.scopeRegionId);
        }
        if (account.scopeEnterpriseId != null) {
            claims.claim(Caller.CLAIM_SCOPE_ENTERPRISE, account.scopeEnterpriseId);
        }
        if (!industryIds.isEmpty()) {
            claims.claim(Caller.CLAIM_INDUSTRIES, industryIds);
        }
        return claims.jws().keyId("chuangguan").sign();
    }

    public String newRefreshToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
