package io.chuangguan.challenge;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.chuangguan.challenge.ChallengeRequests.StartRequest;
import io.chuangguan.challenge.ChallengeRequests.SubmissionRequest;
import io.chuangguan.challenge.ChallengeRequests.WrongBookPracticeRequest;
import io.chuangguan.challenge.ChallengeViews.AttemptSummary;
import io.chuangguan.challenge.ChallengeViews.AttemptView;
import io.chuangguan.challenge.ChallengeViews.SubmissionResult;
import io.chuangguan.challenge.ChallengeViews.WrongAnswerView;
import io.chuangguan.common.Caller;
import io.chuangguan.common.Client;
import io.chuangguan.common.PageView;
import io.chuangguan.common.Paging;
import io.chuangguan.level.LevelView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

@Path("/api")
public class ChallengeResource {

    private final ChallengeService challenges;
    private final LevelMapService maps;
    private final WrongAnswerBook wrongAnswers;
    private final Caller caller;

    public ChallengeResource(ChallengeService challenges, LevelMapService maps, WrongAnswerBook wrongAnswers, Caller caller) {
        this.challenges = challenges;
        this.maps = maps;
        this.wrongAnswers = wrongAnswers;
        this.caller = caller;
    }

    /** The caller's map of a trade's levels, in order, with status, best score and stars. */
    @GET
    @Path("/trades/{tradeId}/levels")
    @Authenticated
    public Uni<List<LevelView>> levels(@RestPath long tradeId) {
        return maps.map(caller, tradeId);
    }

    /** 201 for a new attempt; 200 with the open one when a CHALLENGE on this level is already under way. */
    @POST
    @Path("/levels/{levelId}/attempts")
    @RolesAllowed(Caller.WORKER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> start(@RestPath long levelId, @Valid @NotNull StartRequest request, HttpServerRequest http) {
        return challenges.start(caller, levelId, request.mode(), Client.of(http)).map(ChallengeResource::created);
    }

    @GET
    @Path("/attempts/{id}")
    @RolesAllowed(Caller.WORKER)
    public Uni<AttemptView> attempt(@RestPath long id) {
        return challenges.attempt(caller, id);
    }

    @POST
    @Path("/attempts/{id}/submission")
    @RolesAllowed(Caller.WORKER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SubmissionResult> submit(@RestPath long id, @Valid @NotNull SubmissionRequest request) {
        request.requireWellFormed();
        return challenges.submit(caller, id, request.answers());
    }

    @GET
    @Path("/me/attempts")
    @RolesAllowed(Caller.WORKER)
    public Uni<PageView<AttemptSummary>> history(@RestQuery Integer page, @RestQuery Integer size) {
        return challenges.history(caller, Paging.of(page, size));
    }

    /** 错题本, newest mistakes first; {@code status} OPEN (default), MASTERED or ALL. */
    @GET
    @Path("/me/wrong-answers")
    @RolesAllowed(Caller.WORKER)
    public Uni<PageView<WrongAnswerView>> wrongAnswers(@RestQuery Long tradeId, @RestQuery WrongAnswerBook.Filter status,
            @RestQuery Integer page, @RestQuery Integer size) {
        Long own = caller.tradeId();
        if (own == null || (tradeId != null && !tradeId.equals(own))) {
            throw io.chuangguan.common.DomainException.forbidden("You can read the wrong-answer book of your own trade only");
        }
        return wrongAnswers.list(caller.accountId(), own, status == null ? WrongAnswerBook.Filter.OPEN : status,
                Paging.of(page, size));
    }

    @POST
    @Path("/me/wrong-answers/practice")
    @RolesAllowed(Caller.WORKER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> practiseWrongAnswers(@Valid WrongBookPracticeRequest request, HttpServerRequest http) {
        WrongBookPracticeRequest r = request == null ? new WrongBookPracticeRequest(null, null, null) : request;
        return challenges.startWrongBookPractice(caller, r.tradeId(), r.knowledgePoint(), r.count(), Client.of(http))
                .map(ChallengeResource::created);
    }

    private static Response created(ChallengeService.Started started) {
        URI location = URI.create("/api/attempts/" + started.attempt().attemptId());
        return (started.created() ? Response.created(location) : Response.ok().location(location))
                .entity(started.attempt()).build();
    }
}
