package io.chuangguan.questionbank;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;

import io.chuangguan.common.Caller;
import io.chuangguan.questionbank.QuestionImages.Image;
import io.smallrye.mutiny.Uni;

/** Uploading pictures for questions: trainers and system admins. */
@Path("/api/question-images")
public class QuestionImageResource {

    private final QuestionImages images;
    private final Caller caller;

    public QuestionImageResource(QuestionImages images, Caller caller) {
        this.images = images;
        this.caller = caller;
    }

    /** The picture's bytes as the body, whatever type is declared: what it is comes from its content. */
    @POST
    @RolesAllowed({ Caller.TRAINER, Caller.SYSTEM_ADMIN })
    @Consumes({ "image/png", "image/jpeg", "image/webp", MediaType.APPLICATION_OCTET_STREAM })
    @ResponseStatus(201)
    public Uni<Image> upload(byte[] bytes) {
        return images.upload(caller.accountId(), bytes);
    }
}
