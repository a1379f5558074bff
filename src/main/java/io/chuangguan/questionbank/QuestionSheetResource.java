package io.chuangguan.questionbank;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.chuangguan.common.Caller;
import io.chuangguan.questionbank.QuestionAuthoring.Actor;
import io.chuangguan.questionbank.QuestionImports.ImportResult;
import io.chuangguan.questionbank.QuestionImports.Preview;
import io.smallrye.mutiny.Uni;

/** Question sheets (.xlsx): the template, the two-step import, its error report and the export. */
@Path("/api")
@RolesAllowed({ Caller.TRAINER, Caller.SYSTEM_ADMIN })
public class QuestionSheetResource {

    private final QuestionImports imports;
    private final Caller caller;

    public QuestionSheetResource(QuestionImports imports, Caller caller) {
        this.imports = imports;
        this.caller = caller;
    }

    @GET
    @Path("/trades/{tradeId}/question-template.xlsx")
    @Produces(QuestionSheet.MEDIA_TYPE)
    public Uni<RestResponse<byte[]>> template(@RestPath long tradeId) {
        return imports.template(Actor.of(caller), tradeId).map(bytes -> attachment(bytes, QuestionSheet.MEDIA_TYPE, "题目导入模板.xlsx"));
    }

    /**
     * The uploaded sheet (the file as the body): with {@code commit=false} a preview of every row and its errors,
     * nothing written; with {@code commit=true} the valid rows imported as drafts, or into review with {@code submit=true}.
     */
    @POST
    @Path("/trades/{tradeId}/question-imports")
    @Consumes({ QuestionSheet.MEDIA_TYPE, MediaType.APPLICATION_OCTET_STREAM })
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Object> importSheet(@RestPath long tradeId, byte[] file, @RestQuery boolean commit, @RestQuery boolean submit) {
        return importRows(tradeId, QuestionImports.sheet(file), commit, submit);
    }

    /** The same for a GIFT text (Moodle's format), sent as text/plain. */
    @POST
    @Path("/trades/{tradeId}/question-imports")
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Object> importGift(@RestPath long tradeId, String text, @RestQuery boolean commit, @RestQuery boolean submit) {
        return importRows(tradeId, QuestionImports.gift(text), commit, submit);
    }

    private Uni<Object> importRows(long tradeId, java.util.function.Supplier<QuestionSheet.Parsed> source, boolean commit, boolean submit) {
        Actor actor = Actor.of(caller);
        return commit ? imports.commit(actor, tradeId, source, submit).map(r -> (Object) r)
                : imports.preview(actor, tradeId, source).map(p -> (Object) p);
    }

    /** The list's questions as GIFT text, for Moodle. */
    @GET
    @Path("/trades/{tradeId}/questions.gift")
    @Produces(MediaType.TEXT_PLAIN + ";charset=UTF-8")
    public Uni<RestResponse<String>> exportGift(@RestPath long tradeId, @BeanParam QuestionFilterParams filter) {
        return imports.exportGift(Actor.of(caller), tradeId, filter.filter())
                .map(text -> attachment(text, MediaType.TEXT_PLAIN + ";charset=UTF-8", "题目导出.gift.txt"));
    }

    /** The uploaded sheet with an 错误 column, to fix in Excel and upload again. */
    @POST
    @Path("/trades/{tradeId}/question-imports/error-report")
    @Consumes({ QuestionSheet.MEDIA_TYPE, MediaType.APPLICATION_OCTET_STREAM })
    @Produces(QuestionSheet.MEDIA_TYPE)
    public Uni<RestResponse<byte[]>> errorReport(@RestPath long tradeId, byte[] file) {
        return imports.errorReport(Actor.of(caller), tradeId, file).map(bytes -> attachment(bytes, QuestionSheet.MEDIA_TYPE, "题目导入错误报告.xlsx"));
    }

    /** The list's questions, filtered as the list is, in the template's layout. */
    @GET
    @Path("/trades/{tradeId}/questions.xlsx")
    @Produces(QuestionSheet.MEDIA_TYPE)
    public Uni<RestResponse<byte[]>> export(@RestPath long tradeId, @BeanParam QuestionFilterParams filter) {
        return imports.export(Actor.of(caller), tradeId, filter.filter()).map(bytes -> attachment(bytes, QuestionSheet.MEDIA_TYPE, "题目导出.xlsx"));
    }

    /** A download under its Chinese name (RFC 6266), with an ASCII one for old clients. */
    private static <T> RestResponse<T> attachment(T body, String type, String name) {
        String ascii = name.endsWith(".gift.txt") ? "questions.gift.txt" : "questions.xlsx";
        return RestResponse.ResponseBuilder.ok(body, type)
                .header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
                .header("Cache-Control", "no-store").build();
    }
}
