package io.chuangguan.contest;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.chuangguan.challenge.ChallengeRequests.SubmissionRequest;
import io.chuangguan.common.Caller;
import io.chuangguan.common.Client;
import io.chuangguan.contest.ContestRequests.BulkRegistration;
import io.chuangguan.contest.ContestRequests.ContestDraft;
import io.chuangguan.contest.ContestRequests.PaperByHand;
import io.chuangguan.contest.ContestRequests.PaperByRule;
import io.chuangguan.contest.ContestRequests.TeamRegistration;
import io.chuangguan.contest.ContestViews.AnalysisView;
import io.chuangguan.contest.ContestViews.BoardView;
import io.chuangguan.contest.ContestViews.BulkOutcome;
import io.chuangguan.contest.ContestViews.ContestView;
import io.chuangguan.contest.ContestViews.DrawView;
import io.chuangguan.contest.ContestViews.MonitorView;
import io.chuangguan.contest.ContestViews.Registration;
import io.chuangguan.contest.ContestViews.ResultsView;
import io.chuangguan.contest.ContestViews.RunView;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Skills contests. Workers list the contests open to them, register, run and read the boards; organisers (union
 * admins in scope, system admins) define, open, close, draw, monitor and finalise; a unit's admin registers its
 * workers or its team; a trainer of the trade composes the paper. A contest beyond the caller's reach is 404.
 */
@Path("/api/contests")
public class ContestResource {

    private final Caller caller;
    private final ContestService contests;
    private final ContestRuns runs;
    private final ContestResults results;

    public ContestResource(Caller caller, ContestService contests, ContestRuns runs, ContestResults results) {
        this.caller = caller;
        this.contests = contests;
        this.runs = runs;
        this.results = results;
    }

    /** A worker's contests; an admin's, the ones they organise. */
    @GET
    @RolesAllowed({ Caller.WORKER, Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    public Uni<List<ContestView>> list() {
        return caller.is(Caller.WORKER) ? contests.forWorker(caller) : contests.organised(caller);
    }

    @POST
    @RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull ContestDraft draft) {
        return contests.create(caller, draft)
                .map(c -> Response.created(URI.create("/api/contests/" + c.id())).entity(c).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Caller.WORKER, Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN, Caller.TRAINER })
    public Uni<ContestView> get(@RestPath long id) {
        return contests.viewFor(caller, id);
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ContestView> update(@RestPath long id, @Valid @NotNull ContestDraft draft) {
        return contests.update(caller, id, draft);
    }

    @POST
    @Path("/{id}/publish")
    @RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    public Uni<ContestView> publish(@RestPath long id) {
        return contests.publish(caller, id);
    }

    @PUT
    @Path("/{id}/paper")
    @RolesAllowed(Caller.TRAINER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ContestView> composeByHand(@RestPath long id, @Valid @NotNull PaperByHand paper) {
        return contests.composeByHand(caller, id, paper);
    }

    @POST
    @Path("/{id}/paper/draw")
    @RolesAllowed(Caller.TRAINER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ContestView> composeByRule(@RestPath long id, @Valid @NotNull PaperByRule paper) {
        return contests.composeByRule(caller, id, paper);
    }

    /** A worker registers themself. */
    @POST
    @Path("/{id}/registrations")
    @RolesAllowed(Caller.WORKER)
    public Uni<ContestView> register(@RestPath long id) {
        return contests.register(caller, id);
    }

    /** A unit's admin registers workers of their scope. */
    @POST
    @Path("/{id}/registrations/bulk")
    @RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<BulkOutcome> registerBulk(@RestPath long id, @Valid @NotNull BulkRegistration bulk) {
        return contests.registerBulk(caller, id, bulk);
    }

    @GET
    @Path("/{id}/registrations")
    @RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    public Uni<List<Registration>> registrations(@RestPath long id) {
        return contests.registrations(caller, id);
    }

    @POST
    @Path("/{id}/teams")
    @RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<DrawView> registerTeam(@RestPath long id, @Valid @NotNull TeamRegistration team) {
        return contests.registerTeam(caller, id, team);
    }

    @POST
    @Path("/{id}/close")
    @RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    public Uni<DrawView> close(@RestPath long id) {
        return contests.close(caller, id);
    }

    @POST
    @Path("/{id}/draw")
    @RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    public Uni<DrawView> draw(@RestPath long id) {
        return contests.draw(caller, id);
    }

    @GET
    @Path("/{id}/draw")
    @RolesAllowed({ Caller.WORKER, Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    public Uni<DrawView> drawProof(@RestPath long id) {
        return contests.drawView(caller, id);
    }

    @GET
    @Path("/{id}/monitor")
    @RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    public Uni<MonitorView> monitor(@RestPath long id) {
        return contests.monitor(caller, id);
    }

    @POST
    @Path("/{id}/runs")
    @RolesAllowed(Caller.WORKER)
    public Uni<Response> start(@RestPath long id) {
        return runs.start(caller, id).map(started -> {
            URI location = URI.create("/api/contests/" + id + "/runs/" + started.run().runId());
            return (started.created() ? Response.created(location) : Response.ok().location(location)).entity(started.run()).build();
        });
    }

    @GET
    @Path("/{id}/runs/{runId}")
    @RolesAllowed(Caller.WORKER)
    public Uni<RunView> run(@RestPath long id, @RestPath long runId) {
        return runs.run(caller, id, runId);
    }

    @POST
    @Path("/{id}/runs/{runId}/submission")
    @RolesAllowed(Caller.WORKER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RunView> submit(@RestPath long id, @RestPath long runId, @Valid @NotNull SubmissionRequest submission) {
        submission.requireWellFormed();
        return runs.submit(caller, id, runId, submission.answers());
    }

    @GET
    @Path("/{id}/board")
    @RolesAllowed({ Caller.WORKER, Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    public Uni<BoardView> board(@RestPath long id, @RestQuery Integer size) {
        int n = size == null ? 20 : Math.max(1, Math.min(size, 200));
        return runs.board(caller, id, n);
    }

    @POST
    @Path("/{id}/finalise")
    @RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    public Uni<ResultsView> finalise(@RestPath long id) {
        return results.finalise(caller, id);
    }

    @GET
    @Path("/{id}/results")
    @RolesAllowed({ Caller.WORKER, Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    public Uni<ResultsView> results(@RestPath long id) {
        return results.results(caller, id);
    }

    @GET
    @Path("/{id}/analysis")
    @RolesAllowed({ Caller.UNION_ADMIN, Caller.SYSTEM_ADMIN })
    public Uni<AnalysisView> analysis(@RestPath long id) {
        return results.analysis(caller, id);
    }

    @POST
    @Path("/{id}/follow-up")
    @RolesAllowed(Caller.WORKER)
    public Uni<Response> followUp(@RestPath long id, HttpServerRequest http) {
        return results.followUp(caller, id, Client.of(http)).map(started -> Response
                .created(URI.create("/api/attempts/" + started.attempt().attemptId())).entity(started.attempt()).build());
    }
}
