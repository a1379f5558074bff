package io.chuangguan.questionbank;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.chuangguan.common.Caller;
import io.chuangguan.common.PageView;
import io.chuangguan.common.Paging;
import io.chuangguan.questionbank.AuthoringViews.AuditEntry;
import io.chuangguan.questionbank.AuthoringViews.BatchRequest;
import io.chuangguan.questionbank.AuthoringViews.BatchResult;
import io.chuangguan.questionbank.AuthoringViews.BatchReviewRequest;
import io.chuangguan.questionbank.AuthoringViews.KnowledgePointRequest;
import io.chuangguan.questionbank.AuthoringViews.KnowledgePointView;
import io.chuangguan.questionbank.AuthoringViews.MergeRequest;
import io.chuangguan.questionbank.AuthoringViews.QuestionDetail;
import io.chuangguan.questionbank.AuthoringViews.QuestionSummary;
import io.chuangguan.questionbank.AuthoringViews.ReviewRequest;
import io.chuangguan.questionbank.QuestionAuthoring.Actor;
import io.smallrye.mutiny.Uni;

/** The question bank as trainers (of the trade's industry) and system admins write it. */
@Path("/api")
@RolesAllowed({ Caller.TRAINER, Caller.SYSTEM_ADMIN })
public class QuestionBankResource {

    private final QuestionAuthoring authoring;
    private final Caller caller;

    public QuestionBankResource(QuestionAuthoring authoring, Caller caller) {
        this.authoring = authoring;
        this.caller = caller;
    }

    /** The trade's questions by their newest version; {@code sort} is ref, updatedAt, facility or discrimination, "-" for descending. */
    @GET
    @Path("/trades/{tradeId}/questions")
    public Uni<PageView<QuestionSummary>> list(@RestPath long tradeId, @BeanParam QuestionFilterParams filter, @RestQuery Integer page,
            @RestQuery Integer size) {
        return authoring.list(Actor.of(caller), tradeId, filter.filter(), Paging.of(page, size));
    }

    /** A new question, its first version a draft; {@code submit=true} sends it to review at once. */
    @POST
    @Path("/trades/{tradeId}/questions")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<QuestionDetail> create(@RestPath long tradeId, @NotNull QuestionDraft draft, @RestQuery boolean submit) {
        return authoring.create(Actor.of(caller), tradeId, draft, submit);
    }

    @GET
    @Path("/questions/{id}")
    public Uni<QuestionDetail> detail(@RestPath long id) {
        return authoring.detail(Actor.of(caller), id);
    }

    /** Edits the draft, or starts a new draft version after the published one; 409 while a version is in review. */
    @PUT
    @Path("/questions/{id}/draft")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<QuestionDetail> editDraft(@RestPath long id, @NotNull QuestionDraft draft) {
        return authoring.editDraft(Actor.of(caller), id, draft);
    }

    @POST
    @Path("/questions/{id}/submit")
    public Uni<QuestionDetail> submit(@RestPath long id) {
        return authoring.submit(Actor.of(caller), id);
    }

    /** APPROVE publishes the version in review, RETURN (with a comment) sends it back as a draft; never by its author. */
    @POST
    @Path("/questions/{id}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<QuestionDetail> review(@RestPath long id, @Valid @NotNull ReviewRequest request) {
        return authoring.review(Actor.of(caller), id, request.decision(), request.comment());
    }

    @POST
    @Path("/questions/{id}/retire")
    public Uni<QuestionDetail> retire(@RestPath long id) {
        return authoring.retire(Actor.of(caller), id);
    }

    @GET
    @Path("/questions/{id}/audit")
    public Uni<List<AuditEntry>> audit(@RestPath long id) {
        return authoring.audit(Actor.of(caller), id);
    }

    @POST
    @Path("/question-batches/submit")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<BatchResult> submitAll(@Valid @NotNull BatchRequest request) {
        return authoring.submitAll(Actor.of(caller), request.ids());
    }

    @POST
    @Path("/question-batches/review")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<BatchResult> reviewAll(@Valid @NotNull BatchReviewRequest request) {
        return authoring.reviewAll(Actor.of(caller), request.ids(), request.decision(), request.comment());
    }

    /** The published bank by grade, difficulty and pool, against the levels that draw from it. */
    @GET
    @Path("/trades/{tradeId}/question-spread")
    public Uni<QuestionAuthoring.Spread> spread(@RestPath long tradeId) {
        return authoring.spread(Actor.of(caller), tradeId);
    }

    @GET
    @Path("/trades/{tradeId}/knowledge-points")
    public Uni<List<KnowledgePointView>> knowledgePoints(@RestPath long tradeId) {
        return authoring.knowledgePoints(Actor.of(caller), tradeId);
    }

    @POST
    @Path("/trades/{tradeId}/knowledge-points")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<KnowledgePointView> createKnowledgePoint(@RestPath long tradeId, @Valid @NotNull KnowledgePointRequest request) {
        return authoring.createKnowledgePoint(Actor.of(caller), tradeId, request.name());
    }

    /** Renames the point everywhere, the levels' draw rules included. */
    @PUT
    @Path("/knowledge-points/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<KnowledgePointView> renameKnowledgePoint(@RestPath long id, @Valid @NotNull KnowledgePointRequest request) {
        return authoring.renameKnowledgePoint(Actor.of(caller), id, request.name());
    }

    /** Moves the point's questions and draw rules to another point of the trade and deletes it. */
    @POST
    @Path("/knowledge-points/{id}/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<KnowledgePointView> mergeKnowledgePoint(@RestPath long id, @Valid @NotNull MergeRequest request) {
        return authoring.mergeKnowledgePoint(Actor.of(caller), id, request.into());
    }
}
