package io.chuangguan.organization;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.PageView;
import io.chuangguan.common.Paging;
import io.chuangguan.organization.OrganizationViews.EnterpriseView;
import io.chuangguan.organization.OrganizationViews.RegionNode;
import io.chuangguan.organization.OrganizationViews.RegionView;
import io.chuangguan.organization.OrganizationViews.TeamView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class OrganizationService {

    /** The region itself, its children and grandchildren: the tree is three levels deep. */
    private static final String IN_SUBTREE = "regionId in (select r.id from Region r where r.id = :region"
            + " or r.parentId = :region or r.parentId in (select c.id from Region c where c.parentId = :region))";

    @WithSession
    public Uni<List<RegionNode>> regionTree() {
        return Region.<Region>listAll(Sort.by("code")).map(OrganizationService::toTree);
    }

    static List<RegionNode> toTree(List<Region> regions) {
        Map<Long, List<Region>> byParent = new HashMap<>();
        List<Region> roots = new ArrayList<>();
        for (Region region : regions) {
            if (region.parentId == null) {
                roots.add(region);
            } else {
                byParent.computeIfAbsent(region.parentId, k -> new ArrayList<>()).add(region);
            }
        }
        return roots.stream().map(r -> node(r, byParent)).toList();
    }

    private static RegionNode node(Region region, Map<Long, List<Region>> byParent) {
        List<RegionNode> children = byParent.getOrDefault(region.id, List.of()).stream()
                .sorted(Comparator.comparing(r -> r.code))
                .map(r -> node(r, byParent)).toList();
        return new RegionNode(region.id, region.code, region.name, region.level, children);
    }

    @WithSession
    public Uni<Region> region(long id) {
        return Region.<Region>findById(id).onItem().ifNull().failWith(() -> DomainException.notFound("Region", id));
    }

    /** Enterprises registered in {@code regionId} or below it, optionally matching {@code q} in name or credit code. */
    @WithSession
    public Uni<PageView<EnterpriseView>> enterprises(Long regionId, Long onlyEnterpriseId, String q, Paging paging) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (regionId != null) {
            where.append(" and ").append(IN_SUBTREE);
            params.and("region", regionId);
        }
        if (onlyEnterpriseId != null) {
            where.append(" and id = :only");
            params.and("only", onlyEnterpriseId);
        }
        if (q != null && !q.isBlank()) {
            where.append(" and (name like :q or creditCode like :prefix)");
            String term = q.strip().replace("\\", "").replace("%", "").replace("_", "");
            params.and("q", "%" + term + "%").and("prefix", term.toUpperCase() + "%");
        }
        var query = Enterprise.<Enterprise>find(where.toString(), Sort.by("name").and("id"), params)
                .page(paging.page(), paging.size());
        return query.count().chain(total -> query.list().chain(page -> views(page)
                .map(items -> new PageView<>(items, total, paging.page(), paging.size()))));
    }

    private Uni<List<EnterpriseView>> views(List<Enterprise> enterprises) {
        if (enterprises.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Region.<Region>listAll().map(all -> {
            Map<Long, Region> regions = all.stream().collect(Collectors.toMap(r -> r.id, Function.identity()));
            return enterprises.stream().map(e -> {
                Region county = regions.get(e.regionId);
                Region city = county == null || county.parentId == null ? null : regions.get(county.parentId);
                return new EnterpriseView(e.id, e.name, e.creditCode, e.sizeClass, e.industryId,
                        RegionView.of(county), RegionView.of(city));
            }).toList();
        });
    }

    @WithSession
    public Uni<Enterprise> enterprise(long id) {
        return Enterprise.<Enterprise>findById(id).onItem().ifNull().failWith(() -> DomainException.notFound("Enterprise", id));
    }

    @WithSession
    public Uni<List<TeamView>> teams(long enterpriseId) {
        return Team.<Team>list("enterpriseId", Sort.by("name"), enterpriseId).map(t -> t.stream().map(TeamView::of).toList());
    }

    @WithSession
    public Uni<Team> team(long id) {
        return Team.<Team>findById(id).onItem().ifNull().failWith(() -> DomainException.notFound("Team", id));
    }

    /** Whether {@code regionId} is the region {@code ancestorId} or lies below it. */
    @WithSession
    public Uni<Boolean> regionWithin(long regionId, long ancestorId) {
        return Region.count("id = :id and (" + IN_SUBTREE.replace("regionId in", "id in") + ")",
                Parameters.with("id", regionId).and("region", ancestorId)).map(n -> n > 0);
    }

    /**
     * The enterprise, if the caller may act on it: a system admin on any, a union admin on its own enterprise
     * or on those registered in its region; anyone else gets 403.
     */
    @WithSession
    /**
     * Narrows a native query to the caller's data scope: appends the condition on the aliases {@code e} (an enterprise),
     * {@code county} (its region) and {@code city} (the county's parent), with its parameter. A system admin sees all;
     * an account without a scope gets 403.
     */
    public static void narrowToScope(Caller caller, StringBuilder where, java.util.Map<String, Object> params) {
        if (caller.is(Caller.SYSTEM_ADMIN)) {
            return;
        }
        if (caller.scopeEnterpriseId() != null) {
            where.append(" and e.id = :scopeEnterprise");
            params.put("scopeEnterprise", caller.scopeEnterpriseId());
        } else if (caller.scopeRegionId() != null) {
            where.append(" and :scopeRegion in (county.id, city.id, city.parent_id)");
            params.put("scopeRegion", caller.scopeRegionId());
        } else {
            throw DomainException.forbidden("Your account has no data scope");
        }
    }

    public Uni<Enterprise> enterpriseInScope(Caller caller, long enterpriseId) {
        return enterpriseInScope(caller, enterpriseId, () -> DomainException.notFound("Enterprise", enterpriseId));
    }

    /**
     * The enterprise when the caller's scope holds it; otherwise {@code missing}, the very answer the caller gets for
     * something that does not exist, so that a refusal tells nothing about what lies outside the scope.
     */
    public Uni<Enterprise> enterpriseInScope(Caller caller, long enterpriseId, Supplier<DomainException> missing) {
        return enterprise(enterpriseId).onFailure(DomainException.class).transform(e -> missing.get()).call(enterprise -> {
            if (caller.is(Caller.SYSTEM_ADMIN) || enterprise.id.equals(caller.scopeEnterpriseId())) {
                return Uni.createFrom().voidItem();
            }
            Long scope = caller.is(Caller.UNION_ADMIN) ? caller.scopeRegionId() : null;
            Uni<Boolean> within = scope == null ? Uni.createFrom().item(false) : regionWithin(enterprise.regionId, scope);
            return within.chain(ok -> ok ? Uni.createFrom().voidItem()
                    : Uni.createFrom().failure(missing.get()));
        });
    }
}
