package io.chuangguan.questionbank;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import io.chuangguan.common.DomainException;
import io.smallrye.mutiny.Uni;

/** Question pictures for everyone who sees the question: the hash is the name, unguessable and unchanging. */
@Path("/images")
@PermitAll
public class ImageResource {

    private final QuestionImages images;

    public ImageResource(QuestionImages images) {
        this.images = images;
    }

    /** By content hash: a picture never changes under its name, so it is cached for a year. */
    @GET
    @Path("/{hash}")
    public Uni<RestResponse<byte[]>> image(@RestPath String hash) {
        return images.get(hash).map(stored -> {
            if (stored == null) {
                throw DomainException.notFound("Image", hash);
            }
            return RestResponse.ResponseBuilder.ok(stored.bytes(), stored.mediaType())
                    .header("Cache-Control", "public, max-age=31536000, immutable")
                    .header("ETag", "\"" + hash + "\"")
                    .header("X-Content-Type-Options", "nosniff").build();
        });
    }
}
