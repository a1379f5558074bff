package io.chuangguan.promotion;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.chuangguan.common.Caller;
import io.chuangguan.common.PageView;
import io.chuangguan.common.Paging;
import io.chuangguan.promotion.PromotionRequests.ApplyRequest;
import io.chuangguan.promotion.PromotionRequests.DecisionRequest;
import io.chuangguan.promotion.PromotionViews.ApplicationView;
import io.chuangguan.promotion.PromotionViews.Eligibility;
import io.chuangguan.promotion.PromotionViews.RecordView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api")
public class PromotionResource {

    private final PromotionService promotions;
    private final Caller caller;

    public PromotionResource(PromotionService promotions, Caller caller) {
        this.promotions = promotions;
        this.caller = caller;
    }

    /** The checklist for the next grade: each condition met or not, and what is missing. */
    @GET
    @Path("/me/promotion-eligibility")
    @RolesAllowed(Caller.WORKER)
    public Uni<Eligibility> eligibility(@RestQuery Long tradeId) {
        return promotions.eligibility(caller, tradeId);
    }

    @POST
    @Path("/promotion-applications")
    @RolesAllowed(Caller.WORKER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> apply(@Valid ApplyRequest request) {
        return promotions.apply(caller, request == null ? null : request.tradeId())
                .map(view -> Response.created(URI.create("/api/promotion-applications/" + view.id())).entity(view).build());
    }

    @GET
    @Path("/promotion-applications")
    @RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    public Uni<PageView<ApplicationView>> applications(
            @RestQuery @Pattern(regexp = "PENDING|APPROVED|REJECTED|CLOSED", message = "must be PENDING, APPROVED, REJECTED or CLOSED") String status,
            @RestQuery Integer page, @RestQuery Integer size) {
        return promotions.applications(caller, status, Paging.of(page, size));
    }

    @POST
    @Path("/promotion-applications/{id}/decision")
    @RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ApplicationView> decide(@RestPath long id, @Valid @NotNull DecisionRequest request) {
        return promotions.decide(caller, id, request.decision(), request.comment());
    }

    /** Records a skills contest result once (201; a retry: 200 with the first outcome); a rewarded placing promotes directly. */
    @POST
    @Path("/workers/{id}/contest-results")
    @RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> contest(@RestPath long id, @Valid @NotNull PromotionRequests.ContestResultRequest request) {
        return promotions.recordContest(caller, id, request)
                .map(recorded -> Response.status(recorded.created() ? 201 : 200).entity(recorded.outcome()).build());
    }

    @GET
    @Path("/me/promotions")
    @RolesAllowed(Caller.WORKER)
    public Uni<List<RecordView>> mine() {
        return promotions.records(caller, caller.accountId());
    }

    @GET
    @Path("/workers/{id}/promotions")
    @Authenticated
    public Uni<List<RecordView>> ofWorker(@RestPath long id) {
        return promotions.records(caller, id);
    }
}
