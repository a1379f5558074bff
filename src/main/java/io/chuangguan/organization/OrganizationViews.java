package io.chuangguan.organization;

import java.util.List;

public final class OrganizationViews {

    private OrganizationViews() {
    }

    public record RegionNode(Long id, String code, String name, Region.Level level, List<RegionNode> children) {
    }

    public record RegionView(Long id, String code, String name, Region.Level level) {
        public static RegionView of(Region region) {
            return region == null ? null : new RegionView(region.id, region.code, region.name, region.level);
        }
    }

    public record TeamView(Long id, String name) {
        public static TeamView of(Team team) {
            return team == null ? null : new TeamView(team.id, team.name);
        }
    }

    public record EnterpriseView(Long id, String name, String creditCode, SizeClass sizeClass, Long industryId,
            RegionView county, RegionView city) {
    }

    public record EnterpriseRef(Long id, String name) {
        public static EnterpriseRef of(Enterprise enterprise) {
            return enterprise == null ? null : new EnterpriseRef(enterprise.id, enterprise.name);
        }
    }
}
