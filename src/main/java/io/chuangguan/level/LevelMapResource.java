package io.chuangguan.level;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.chuangguan.common.Caller;
import io.chuangguan.level.LevelMapEditor.Availability;
import io.chuangguan.level.LevelMapEditor.LevelDraft;
import io.chuangguan.level.LevelMapEditor.MapDraft;
import io.chuangguan.level.LevelMapEditor.MapView;
import io.chuangguan.level.LevelMapEditor.SamplePaper;
import io.chuangguan.questionbank.QuestionAuthoring.Actor;
import io.smallrye.mutiny.Uni;

/** A trade's level map for its trainers and system admins: a draft of the whole map, published at once. */
@Path("/api/trades/{tradeId}/level-map")
@RolesAllowed({ Caller.TRAINER, Caller.SYSTEM_ADMIN })
public class LevelMapResource {

    private final LevelMapEditor editor;
    private final Caller caller;

    public LevelMapResource(LevelMapEditor editor, Caller caller) {
        this.editor = editor;
        this.caller = caller;
    }

    /** The draft if there is one, else the published map, with what the bank supplies for each rule. */
    @GET
    public Uni<MapView> view(@RestPath long tradeId) {
        return editor.view(Actor.of(caller), tradeId);
    }

    @PUT
    @Path("/draft")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<MapView> saveDraft(@RestPath long tradeId, @NotNull MapDraft draft) {
        return editor.saveDraft(Actor.of(caller), tradeId, draft);
    }

    @DELETE
    @Path("/draft")
    public Uni<MapView> discardDraft(@RestPath long tradeId, @RestQuery String revision) {
        return editor.discardDraft(Actor.of(caller), tradeId, revision);
    }

    /**
     * The draft becomes the map, in one transaction; workers keep every level they had open or passed. The caller
     * names the revision it publishes (400 without one): 409 when the map changed since the caller read it.
     */
    @POST
    @Path("/publish")
    public Uni<MapView> publish(@RestPath long tradeId, @RestQuery @NotBlank String revision) {
        return editor.publish(Actor.of(caller), tradeId, revision);
    }

    /** What the bank supplies for each level of the map as sent (saved or not), in order; nothing is written. */
    @POST
    @Path("/availability")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<List<Availability>> availability(@RestPath long tradeId, @NotNull MapDraft draft) {
        return editor.availability(Actor.of(caller), tradeId, draft);
    }

    /** What a start of this level would draw now (one draw; {@code seed} repeats it). */
    @POST
    @Path("/sample-paper")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SamplePaper> samplePaper(@RestPath long tradeId, @NotNull LevelDraft level, @RestQuery Long seed) {
        return editor.samplePaper(Actor.of(caller), tradeId, level, seed == null ? System.nanoTime() : seed);
    }
}
