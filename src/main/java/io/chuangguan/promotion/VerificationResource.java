package io.chuangguan.promotion;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;

import io.smallrye.mutiny.Uni;

/** The public verification page of a certificate (the QR code points here); the holder's name is masked. */
@Path("/verify")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class VerificationResource {

    private final PromotionService promotions;

    public VerificationResource(PromotionService promotions) {
        this.promotions = promotions;
    }

    @GET
    @Path("/{code}")
    public Uni<Response> verify(@RestPath String code) {
        return promotions.certificateByCode(code).map(cert -> Response.status(cert == null ? 404 : 200)
                .entity(CertificateResource.Templates.verify(cert, code)).build());
    }
}
