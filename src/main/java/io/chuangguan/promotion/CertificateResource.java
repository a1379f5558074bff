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
 * The printable certificate, a server-rendered page that needs its verification code (so sequential numbers cannot
 * be browsed). Its own root path: a resource at "/" would answer every path of the phone app with a 404.
 */
@Path("/certificates")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class CertificateResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance certificate(CertificateView cert);

        /** Also the page of {@link VerificationResource}. */
        static native TemplateInstance verify(CertificateView cert, String code);
    }

    private final PromotionService promotions;

    public CertificateResource(PromotionService promotions) {
        this.promotions = promotions;
    }

    @GET
    @Path("/{number}")
    public Uni<Response> certificate(@RestPath String number, @RestQuery String code) {
        return promotions.certificateByNumber(number).map(cert -> cert != null && cert.verificationCode().equals(code)
                ? Response.ok(Templates.certificate(cert)).build()
                : Response.status(404).entity(Templates.verify(null, code == null ? "" : code)).build());
    }
}
