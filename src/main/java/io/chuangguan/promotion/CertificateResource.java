package io.chuangguan.promotion;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.chuangguan.promotion.PromotionViews.CertificateView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * Server-rendered pages: the printable certificate (which needs its verification code, so sequential numbers
 * cannot be browsed) and the public verification page, where the holder's name is masked.
 */
@Path("/")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class CertificateResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance certificate(CertificateView cert);

        static native TemplateInstance verify(CertificateView cert, String code);
    }

    private final PromotionService promotions;

    public CertificateResource(PromotionService promotions) {
        this.promotions = promotions;
    }

    @GET
    @Path("/certificates/{number}")
    public Uni<Response> certificate(@RestPath String number, @RestQuery String code) {
        return promotions.certificateByNumber(number).map(cert -> cert != null && cert.verificationCode().equals(code)
                ? Response.ok(Templates.certificate(cert)).build()
                : Response.status(404).entity(Templates.verify(null, code == null ? "" : code)).build());
    }

    @GET
    @Path("/verify/{code}")
    public Uni<Response> verify(@RestPath String code) {
        return promotions.certificateByCode(code).map(cert -> Response.status(cert == null ? 404 : 200)
                .entity(Templates.verify(cert, code)).build());
    }
}
