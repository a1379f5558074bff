package io.chuangguan.integrity;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.Path;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.chuangguan.common.Caller;
import io.chuangguan.common.PageView;
import io.chuangguan.common.Paging;
import io.chuangguan.integrity.IntegrityViews.FlagView;
import io.chuangguan.integrity.IntegrityViews.ReviewRequest;
import io.smallrye.mutiny.Uni;

@Path("/api/integrity-flags")
@RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
public class IntegrityResource {

    public enum Status { OPEN, CLEARED, CONFIRMED }

    private final IntegrityService integrity;
    private final Caller caller;

    public IntegrityResource(IntegrityService integrity, Caller caller) {
        this.integrity = integrity;
        this.caller = caller;
    }

    /** Flags of the workers in the caller's scope, newest first; {@code workerId} narrows to one worker. */
    @GET
    public Uni<PageView<FlagView>> flags(@RestQuery Status status, @RestQuery Long workerId, @RestQuery Integer page,
            @RestQuery Integer size) {
        return integrity.flags(caller, status == null ? null : status.name(), workerId, Paging.of(page, size));
    }

    /** CLEAR (nothing wrong) or CONFIRM (cheating, for the record); 409 when reviewed already. */
    @POST
    @Path("/{id}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<FlagView> review(@RestPath long id, @Valid @NotNull ReviewRequest request) {
        return integrity.review(caller, id, request.decision(), request.note());
    }
}
