package io.chuangguan.union;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;

import io.chuangguan.common.Caller;
import io.smallrye.mutiny.Uni;

/** A worker's notices in the phone app. */
@Path("/api/me/notices")
@RolesAllowed(Caller.WORKER)
public class MyNoticeResource {

    private final Caller caller;
    private final NoticeService notices;

    public MyNoticeResource(Caller caller, NoticeService notices) {
        this.caller = caller;
        this.notices = notices;
    }

    @GET
    public Uni<NoticeService.MyNotices> mine() {
        return notices.mine(caller.accountId());
    }

    @POST
    @Path("/{id}/read")
    public Uni<Response> read(@RestPath long id) {
        return notices.markRead(caller.accountId(), id).map(v -> Response.noContent().build());
    }
}
