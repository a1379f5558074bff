package io.chuangguan.union;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.union.UnitRef.Kind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Units and the caller's scope over them. A union admin's scope is a region (and everything below it) or one
 * enterprise; a system admin's is the province. A unit outside the scope answers as missing (404); the unit above one
 * in scope is visible only as the comparison baseline of its figures.
 */
@ApplicationScoped
public class UnitDirectory {

    record Region(long id, Long parentId, String level, String name) {
    }

    /** The region tree, read whole per request: a province has some 150 regions. */
    record Tree(Map<Long, Region> byId, Map<Long, List<Region>> children) {

        Region province() {
            return byId.values().stream().filter(r -> r.parentId() == null).findFirst()
                    .orElseThrow(() -> DomainException.notFound("Region", "province"));
        }

        boolean within(long regionId, long ancestorId) {
            for (Region r = byId.get(regionId); r != null; r = r.parentId() == null ? null : byId.get(r.parentId())) {
                if (r.id() == ancestorId) {
                    return true;
                }
            }
            return false;
        }

        List<Region> pathTo(long regionId) {
            List<Region> path = new ArrayList<>();
            for (Region r = byId.get(regionId); r != null; r = r.parentId() == null ? null : byId.get(r.parentId())) {
                path.add(r);
            }
            Collections.reverse(path);
            return path;
        }

        /** The regions below one, at any depth. */
        List<Long> descendants(long regionId) {
            List<Long> found = new ArrayList<>();
            for (Region child : childrenOf(regionId)) {
                found.add(child.id());
                found.addAll(descendants(child.id()));
            }
            return found;
        }

        List<Region> childrenOf(long regionId) {
            return children.getOrDefault(regionId, List.of());
        }
    }

    /** One step of the breadcrumb; {@code inScope}: the caller may open it. */
    public record PathStep(UnitRef.Kind kind, long id, String name, String level, boolean inScope, String key) {
    }

    /**
     * A unit the caller may see, with what the figures need: the enterprise of an enterprise or team, the region of a
     * region or enterprise, the breadcrumb, the parent unit (the baseline) and the caller's home unit.
     */
    public record Placed(UnitRef unit, Long regionId, Long enterpriseId, List<PathStep> path, UnitRef baseline, UnitRef home,
            Tree tree) {

        /** The unit's region row (a region unit) or null. */
        Region region() {
            return unit.kind() == Kind.REGION ? tree.byId().get(unit.id()) : null;
        }
    }

    private final Pool pool;

    public UnitDirectory(Pool pool) {
        this.pool = pool;
    }

    Uni<Tree> tree() {
        return pool.preparedQuery("select id, parent_id, level, name from region order by id").execute().map(rows -> {
            Map<Long, Region> byId = new LinkedHashMap<>();
            Map<Long, List<Region>> children = new HashMap<>();
            for (Row r : rows) {
                Region region = new Region(r.getLong(0), r.getLong(1), r.getString(2), r.getString(3));
                byId.put(region.id(), region);
                if (region.parentId() != null) {
                    children.computeIfAbsent(region.parentId(), k -> new ArrayList<>()).add(region);
                }
            }
            return new Tree(byId, children);
        });
    }

    /** The caller's home unit's key: a system admin's province, a union admin's region or enterprise. */
    static UnitRef.Key homeKey(Caller caller, Tree tree) {
        if (caller.is(Caller.SYSTEM_ADMIN)) {
            return new UnitRef.Key(Kind.REGION, tree.province().id());
        }
        if (caller.is(Caller.UNION_ADMIN) && caller.scopeEnterpriseId() != null) {
            return new UnitRef.Key(Kind.ENTERPRISE, caller.scopeEnterpriseId());
        }
        if (caller.is(Caller.UNION_ADMIN) && caller.scopeRegionId() != null) {
            return new UnitRef.Key(Kind.REGION, caller.scopeRegionId());
        }
        throw DomainException.forbidden("Your account has no data scope");
    }

    private record EnterpriseRow(long id, String name, long regionId, String sizeClass) {
    }

    private Uni<EnterpriseRow> enterprise(long id) {
        return pool.preparedQuery("select id, name, region_id, size_class from enterprise where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : row(rows.iterator().next()));
    }

    private static EnterpriseRow row(Row r) {
        return new EnterpriseRow(r.getLong(0), r.getString(1), r.getLong(2), r.getString(3));
    }

    /** The unit named by {@code param} (the caller's home unit when null) if the caller's scope holds it, else 404. */
    public Uni<Placed> resolve(Caller caller, String param) {
        UnitRef.Key wanted = UnitRef.parse(param, "unit");
        return tree().chain(tree -> {
            UnitRef.Key home = homeKey(caller, tree);
            UnitRef.Key key = wanted == null ? home : wanted;
            Uni<UnitRef> homeUnit = home.kind() == Kind.REGION ? Uni.createFrom().item(regionRef(tree, home.id()))
                    : enterprise(home.id()).map(e -> e == null ? null : enterpriseRef(e));
            return homeUnit.chain(homeRef -> {
                if (homeRef == null) {
                    throw DomainException.notFound("Unit", home.id());
                }
                return placed(tree, key, home, homeRef, caller.is(Caller.SYSTEM_ADMIN));
            });
        });
    }

    private Uni<Placed> placed(Tree tree, UnitRef.Key key, UnitRef.Key home, UnitRef homeRef, boolean everything) {
        DomainException missing = DomainException.notFound("Unit", key.kind().name().toLowerCase() + ":" + key.id());
        switch (key.kind()) {
            case REGION -> {
                Region region = tree.byId().get(key.id());
                if (region == null || !everything && !regionInScope(tree, region.id(), home)) {
                    throw missing;
                }
                List<PathStep> path = regionPath(tree, region.id(), home, everything);
                UnitRef baseline = region.parentId() == null ? null : regionRef(tree, region.parentId());
                return Uni.createFrom().item(new Placed(regionRef(tree, region.id()), region.id(), null, path, baseline, homeRef, tree));
            }
            case ENTERPRISE -> {
                return enterprise(key.id()).map(e -> {
                    if (e == null || !everything && !enterpriseInScope(tree, e, home)) {
                        throw missing;
                    }
                    List<PathStep> path = new ArrayList<>(regionPath(tree, e.regionId(), home, everything));
                    path.add(new PathStep(Kind.ENTERPRISE, e.id(), e.name(), null, true, "enterprise:" + e.id()));
                    return new Placed(enterpriseRef(e), e.regionId(), e.id(), path, regionRef(tree, e.regionId()), homeRef, tree);
                });
            }
            default -> {
                return pool.preparedQuery("select t.id, t.name, e.id, e.name, e.region_id, e.size_class from team t"
                        + " join enterprise e on e.id = t.enterprise_id where t.id = $1").execute(Tuple.of(key.id())).map(rows -> {
                            if (rows.size() == 0) {
                                throw missing;
                            }
                            Row r = rows.iterator().next();
                            EnterpriseRow e = new EnterpriseRow(r.getLong(2), r.getString(3), r.getLong(4), r.getString(5));
                            if (!everything && !enterpriseInScope(tree, e, home)) {
                                throw missing;
                            }
                            List<PathStep> path = new ArrayList<>(regionPath(tree, e.regionId(), home, everything));
                            path.add(new PathStep(Kind.ENTERPRISE, e.id(), e.name(), null, true, "enterprise:" + e.id()));
                            path.add(new PathStep(Kind.TEAM, r.getLong(0), r.getString(1), null, true, "team:" + r.getLong(0)));
                            return new Placed(new UnitRef(Kind.TEAM, r.getLong(0), r.getString(1), null, null), e.regionId(), e.id(), path,
                                    enterpriseRef(e), homeRef, tree);
                        });
            }
        }
    }

    private static boolean regionInScope(Tree tree, long regionId, UnitRef.Key home) {
        return home.kind() == Kind.REGION && tree.within(regionId, home.id());
    }

    private static boolean enterpriseInScope(Tree tree, EnterpriseRow e, UnitRef.Key home) {
        return home.kind() == Kind.ENTERPRISE ? e.id() == home.id() : tree.within(e.regionId(), home.id());
    }

    private static List<PathStep> regionPath(Tree tree, long regionId, UnitRef.Key home, boolean everything) {
        return tree.pathTo(regionId).stream().map(r -> new PathStep(Kind.REGION, r.id(), r.name(), r.level(),
                everything || regionInScope(tree, r.id(), home), "region:" + r.id())).toList();
    }

    static UnitRef regionRef(Tree tree, long id) {
        Region r = tree.byId().get(id);
        return new UnitRef(Kind.REGION, r.id(), r.name(), r.level(), null);
    }

    private static UnitRef enterpriseRef(EnterpriseRow e) {
        return new UnitRef(Kind.ENTERPRISE, e.id(), e.name(), null, e.sizeClass());
    }
}
