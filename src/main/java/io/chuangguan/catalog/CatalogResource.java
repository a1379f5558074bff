package io.chuangguan.catalog;

import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.chuangguan.catalog.CatalogViews.IndustryView;
import io.chuangguan.catalog.CatalogViews.SkillGradeView;
import io.smallrye.mutiny.Uni;

/** Reference data: public, it names no person. */
@Path("/api")
@PermitAll
public class CatalogResource {

    private final CatalogService catalog;

    public CatalogResource(CatalogService catalog) {
        this.catalog = catalog;
    }

    @GET
    @Path("/industries")
    public Uni<List<IndustryView>> industries() {
        return catalog.industries();
    }

    @GET
    @Path("/skill-grades")
    public List<SkillGradeView> skillGrades() {
        return Arrays.stream(SkillGrade.values()).map(SkillGradeView::of).toList();
    }
}
