package io.chuangguan.contest;

import java.time.LocalDate;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.chuangguan.common.AppConfig;
import io.chuangguan.promotion.QrCodes;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A contest's certificate of award (获奖证书), printable on A4 like the grade certificate. The page needs the award's
 * code, so that the numbers, which follow the places, cannot be browsed; a wrong code is a 404.
 */
@Path("/certificates/awards")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class AwardResource {

    static final Map<String, String> TIERS = Map.of("ENTERPRISE", "企业级", "COUNTY", "县级", "CITY", "市级", "PROVINCE", "省级");

    /** What the certificate shows. */
    public record Award(String awardNo, String code, String holderName, String maskedPhone, String enterprise, String contest, String tier,
            String organiser, String trade, int place, int score, LocalDate heldOn, String url, String qrSvg) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance award(Award award);
    }

    private final Pool pool;
    private final Contests contests;
    private final AppConfig config;

    public AwardResource(Pool pool, Contests contests, AppConfig config) {
        this.pool = pool;
        this.contests = contests;
        this.config = config;
    }

    @GET
    @Path("/{number}")
    public Uni<Response> award(@RestPath String number, @RestQuery String code) {
        return pool.preparedQuery("""
                select p.contest_id, p.place, p.score::int, p.award_code, a.display_name, a.phone, e.name
                from contest_placing p join account a on a.id = p.account_id join enterprise e on e.id = p.enterprise_id
                where p.award_no = $1""").execute(Tuple.of(number)).chain(rows -> {
                    Row r = rows.size() == 0 ? null : rows.iterator().next();
                    if (r == null || code == null || !r.getString(3).equals(code)) {
                        return Uni.createFrom().item(Response.status(404).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                                .entity("没有这张获奖证书（编号或验证码不对）").build());
                    }
                    return contests.get(r.getLong(0)).map(c -> {
                        String url = config.publicUrl() + ContestResults.awardUrl(number, code);
                        Award award = new Award(number, code, r.getString(4), ContestService.mask(r.getString(5)), r.getString(6), c.name(),
                                TIERS.getOrDefault(c.tier(), c.tier()), c.organiserName(), c.tradeName(), r.getInteger(1), r.getInteger(2),
                                c.endsAt().atZone(config.zone()).toLocalDate(), url, QrCodes.svg(url));
                        return Response.ok(Templates.award(award)).build();
                    });
                });
    }
}
