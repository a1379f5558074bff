package io.chuangguan.organization;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.PageView;
import io.chuangguan.common.Paging;
import io.chuangguan.organization.OrganizationViews.EnterpriseView;
import io.chuangguan.organization.OrganizationViews.RegionNode;
import io.chuangguan.organization.OrganizationViews.TeamView;
import io.smallrye.mutiny.Uni;

@Path("/api")
public class OrganizationResource {

    private final OrganizationService organizations;
    private final Caller caller;

    public OrganizationResource(OrganizationService organizations, Caller caller) {
        this.organizations = organizations;
        this.caller = caller;
    }

    /** The province > city > county tree: public reference data. */
    @GET
    @Path("/regions")
    @PermitAll
    public Uni<List<RegionNode>> regions() {
        return organizations.regionTree();
    }

    /** Enterprises a union admin may see (its region or its enterprise); all of them for a system admin. */
    @GET
    @Path("/enterprises")
    @RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    public Uni<PageView<EnterpriseView>> enterprises(@RestQuery Long regionId, @RestQuery @Size(max = 64) String q,
            @RestQuery Integer page, @RestQuery Integer size) {
        Paging paging = Paging.of(page, size);
        if (caller.is(Caller.SYSTEM_ADMIN)) {
            return organizations.enterprises(regionId, null, q, paging);
        }
        if (caller.scopeEnterpriseId() != null) {
            return organizations.enterprises(regionId, caller.scopeEnterpriseId(), q, paging);
        }
        Long scope = caller.scopeRegionId();
        if (scope == null) {
            throw DomainException.forbidden("Your account has no data scope");
        }
        if (regionId == null) {
            return organizations.enterprises(scope, null, q, paging);
        }
        return organizations.regionWithin(regionId, scope).chain(within -> within
                ? organizations.enterprises(regionId, null, q, paging)
                : Uni.createFrom().failure(DomainException.notFound("Region", regionId)));
    }

    @GET
    @Path("/enterprises/{id}/teams")
    @RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    public Uni<List<TeamView>> teams(@RestPath long id) {
        return organizations.enterpriseInScope(caller, id).chain(e -> organizations.teams(e.id));
    }
}
