package io.chuangguan.identity;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import io.chuangguan.catalog.CatalogViews.TradeView;
import io.chuangguan.organization.OrganizationViews.EnterpriseRef;
import io.chuangguan.organization.OrganizationViews.RegionView;
import io.chuangguan.organization.OrganizationViews.TeamView;

public final class IdentityViews {

    private IdentityViews() {
    }

    /**
     * An account as its owner and admins see it. For a worker: enterprise, team, trade and grade; for a union
     * admin and a trainer: the data scope.
     */
    public record AccountView(Long id, String phone, String displayName, Set<Role> roles, ScopeView scope,
            EnterpriseRef enterprise, TeamView team, TradeView trade, LocalDate tradeSince, Integer grade,
            String gradeTitle, LocalDate gradeObtainedOn) {
    }

    /** Where the account's data access reaches: a region subtree, one enterprise, or industries (trainers). */
    public record ScopeView(RegionView region, EnterpriseRef enterprise, List<IndustryRef> industries) {
    }

    public record IndustryRef(Long id, String code, String name) {
    }

    public record TokenView(String accessToken, String refreshToken, String tokenType, long expiresIn, AccountView user) {
    }
}
