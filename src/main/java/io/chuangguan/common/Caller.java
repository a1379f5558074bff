package io.chuangguan.common;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.UnauthorizedException;

/**
 * Who is calling, read from the verified access token: the account id ({@code sub}), the roles
 * ({@code groups}) and the data scope claims the token was issued with.
 */
@RequestScoped
public class Caller {

    public static final String WORKER = "WORKER";
    public static final String TRAINER = "TRAINER";
    public static final String UNION_ADMIN = "UNION_ADMIN";
    public static final String SYSTEM_ADMIN = "SYSTEM_ADMIN";

    public static final String CLAIM_ENTERPRISE = "enterprise_id";
    public static final String CLAIM_TEAM = "team_id";
    public static final String CLAIM_TRADE = "trade_id";
    public static final String CLAIM_SCOPE_REGION = "scope_region_id";
    public static final String CLAIM_SCOPE_ENTERPRISE = "scope_enterprise_id";
    public static final String CLAIM_INDUSTRIES = "industry_ids";
    public static final String CLAIM_SESSION = "sid";

    private final JsonWebToken jwt;

    public Caller(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public long accountId() {
        if (jwt.getSubject() == null) {
            throw new UnauthorizedException();
        }
        return Long.parseLong(jwt.getSubject());
    }

    public Set<String> roles() {
        return jwt.getGroups() == null ? Set.of() : jwt.getGroups();
    }

    public boolean is(String role) {
        return roles().contains(role);
    }

    /** A worker's enterprise. */
    public Long enterpriseId() {
        return longClaim(CLAIM_ENTERPRISE);
    }

    public Long teamId() {
        return longClaim(CLAIM_TEAM);
    }

    public Long tradeId() {
        return longClaim(CLAIM_TRADE);
    }

    /** A union admin's region: that region and everything below it. */
    public Long scopeRegionId() {
        return longClaim(CLAIM_SCOPE_REGION);
    }

    /** A union admin's single enterprise. */
    public Long scopeEnterpriseId() {
        return longClaim(CLAIM_SCOPE_ENTERPRISE);
    }

    public List<Long> industryIds() {
        Object value = jwt.getClaim(CLAIM_INDUSTRIES);
        if (value instanceof JsonArray array) {
            return array.getValuesAs(JsonNumber.class).stream().map(JsonNumber::longValue).toList();
        }
        return List.of();
    }

    private Long longClaim(String name) {
        Object value = jwt.getClaim(name);
        if (value instanceof JsonNumber number) {
            return number.longValue();
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        return null;
    }
}
