package io.chuangguan.questionbank;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.inject.Inject;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** Excel sheets in and out: the template, the preview and its errors, the import, the error report, the round trip, bad files. */
@QuarkusTest
class QuestionSheetTest {

    @Inject
    Fixtures fixtures;

    /** Everything an author wrote of a trade's questions, one line per question in number order: two trades compare equal. */
    private static final String CONTENT = """
            select string_agg(concat_ws('|', q.ref, q.pool, v.type, v.stem, v.options, v.correct_keys, v.explanation, v.difficulty,
                   v.grade, (select string_agg(k.name, ',' order by k.name) from question_version_kp vk
                             join knowledge_point k on k.id = vk.knowledge_point_id where vk.version_id = v.id)), E'\\n' order by q.ref)
            from question q join question_version v on v.question_id = q.id where q.trade_id = ?""";

    /** A sheet under the template's headers; each row gives cells by header. */
    static byte[] sheet(List<Map<String, String>> rows, Consumer<Worksheet> extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "test", "1.0");
            Worksheet ws = wb.newWorksheet("题目");
            List<String> headers = QuestionSheet.HEADERS;
            for (int c = 0; c < headers.size(); c++) {
                ws.value(0, c, headers.get(c));
            }
            for (int r = 0; r < rows.size(); r++) {
                for (Map.Entry<String, String> cell : rows.get(r).entrySet()) {
                    ws.value(r + 1, headers.indexOf(cell.getKey()), cell.getValue());
                }
            }
            extra.accept(ws);
            wb.finish();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static Map<String, String> row(String... headersAndValues) {
        Map<String, String> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < headersAndValues.length; i += 2) {
            row.put(headersAndValues[i], headersAndValues[i + 1]);
        }
        return row;
    }

    static Map<String, String> single(String ref, String stem, String answer, String points) {
        return row("编号", ref, "题型", "单选", "题干", stem, "选项A", "供氧", "选项B", "加料", "选项C", "测温", "答案", answer,
                "解析", "氧枪吹氧", "难度", "2", "等级", "1", "知识点", points);
    }

    private static ValidatableResponse upload(String token, long tradeId, byte[] file, String query) {
        return given().auth().oauth2(token).contentType(QuestionSheet.MEDIA_TYPE).body(file)
                .post("/api/trades/{t}/question-imports" + query, tradeId).then().log().ifValidationFails();
    }

    private long questions(long tradeId) {
        return fixtures.count("select count(*) from question where trade_id = ?", tradeId);
    }

    @Test
    void aSheetIsPreviewedRowByRowThenItsValidRowsImported() throws IOException {
        Fixtures.Org org = fixtures.org();
        fixtures.bank(org); // 30 published questions, points 安全 设备 工艺, stems like 安全题干0
        String trainer = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        byte[] file = sheet(List.of(
                single("STM-1", "转炉氧枪的作用是什么？", "A", "安全"),
                single("STM-2", "没有答案的题", "", "安全"),
                single("STM-3", "答案不在选项里的题", "E", "安全"),
                single("STM-4", "知识点不存在的题", "B", "炉外精炼"),
                single("STM-5", "安全题干0", "A", "安全"),
                single("STM-6", "转炉氧枪的作用是什么?", "A", "安全"),
                row("编号", "STM-7", "题型", "判断", "题干", "炉前必须穿戴防护服。", "答案", "正确", "难度", "1", "等级", "初级工", "题库", "考试"),
                row("编号", "STM-8", "题型", "多选", "题干", "哪些是炼钢原料？", "选项A", "铁水", "选项B", "氧气", "选项C", "废钢",
                        "答案", "A,C", "难度", "3", "等级", "2", "知识点", "设备；工艺")), ws -> { });
        long before = questions(org.tradeId());

        JsonPath preview = upload(trainer, org.tradeId(), file, "").statusCode(200)
                .body("valid", equalTo(3)).body("invalid", equalTo(5)).body("rows", hasSize(8))
                .body("rows.row", contains(2, 3, 4, 5, 6, 7, 8, 9))
                .body("rows[0].errors", hasSize(0))
                .body("rows[1].errors[0].column", equalTo("答案")).body("rows[1].errors[0].message", containsString("缺少答案"))
                .body("rows[2].errors[0].column", equalTo("答案")).body("rows[2].errors[0].message", containsString("不在选项中"))
                .body("rows[3].errors[0].column", equalTo("知识点")).body("rows[3].errors[0].message", containsString("炉外精炼"))
                .body("rows[4].errors[0].column", equalTo("题干")).body("rows[4].duplicateOf.ref", equalTo("安全-0"))
                .body("rows[5].errors[0].message", containsString("与第 2 行")).body("rows[5].duplicateOf", nullValue())
                .body("rows[6].errors", hasSize(0)).body("rows[7].errors", hasSize(0))
                .extract().jsonPath();
        assertEquals("STM-1", preview.getString("rows[0].ref"));
        assertEquals(before, questions(org.tradeId()), "a preview writes nothing");

        byte[] report = given().auth().oauth2(trainer).contentType(QuestionSheet.MEDIA_TYPE).body(file)
                .post("/api/trades/{t}/question-imports/error-report", org.tradeId()).then().statusCode(200)
                .header("Content-Disposition", containsString("attachment")).extract().asByteArray();
        List<List<String>> cells = QuestionSheet.cellsOf(new ByteArrayInputStream(report));
        int errorColumn = cells.get(0).indexOf("错误");
        assertTrue(errorColumn > 0, cells.get(0).toString());
        assertEquals("", cells.get(1).size() > errorColumn ? cells.get(1).get(errorColumn) : "");
        assertTrue(cells.get(2).get(errorColumn).startsWith("答案："), cells.get(2).toString());
        assertEquals("没有答案的题", cells.get(2).get(QuestionSheet.HEADERS.indexOf("题干")));

        upload(trainer, org.tradeId(), file, "?commit=true&submit=true").statusCode(200)
                .body("imported", equalTo(3)).body("invalid", equalTo(5)).body("ids", hasSize(3));
        assertEquals(before + 3, questions(org.tradeId()));
        assertEquals("IN_REVIEW,IN_REVIEW,IN_REVIEW", fixtures.text("select string_agg(v.status, ',') from question_version v join question q"
                + " on q.id = v.question_id where q.ref in ('STM-1', 'STM-7', 'STM-8') and q.trade_id = ?", org.tradeId()));
        assertEquals("EXAM", fixtures.text("select pool from question where ref = 'STM-7' and trade_id = ?", org.tradeId()));
        assertEquals("A,C", fixtures.text("select v.correct_keys from question_version v join question q on q.id = v.question_id"
                + " where q.ref = 'STM-8' and q.trade_id = ?", org.tradeId()));
        assertEquals(3, fixtures.count("select count(*) from question_audit a join question q on q.id = a.question_id"
                + " where q.trade_id = ? and a.action = 'IMPORTED'", org.tradeId()));
        // the same sheet again: every row is a duplicate now
        upload(trainer, org.tradeId(), file, "").statusCode(200).body("valid", equalTo(0));
    }

    @Test
    void anExportImportsBackToTheSameQuestions() throws IOException {
        Fixtures.Org org = fixtures.org();
        fixtures.bank(org);
        long otherTrade = fixtures.insert("insert into trade (industry_id, code, name) values (?, ?, '另一工种') returning id",
                org.industryId(), "T" + System.nanoTime() % 1_000_000_000L);
        for (String point : Fixtures.POINTS) {
            fixtures.execute("insert into knowledge_point (trade_id, name) values (?, ?)", otherTrade, point);
        }
        String trainer = Fixtures.login(fixtures.trainer(org.industryId()).phone());

        byte[] template = given().auth().oauth2(trainer).get("/api/trades/{t}/question-template.xlsx", org.tradeId()).then()
                .statusCode(200).contentType(QuestionSheet.MEDIA_TYPE).extract().asByteArray();
        List<List<String>> templateCells = QuestionSheet.cellsOf(new ByteArrayInputStream(template));
        assertEquals(QuestionSheet.HEADERS, templateCells.get(0).subList(0, QuestionSheet.HEADERS.size()));
        upload(trainer, org.tradeId(), template, "").statusCode(200).body("valid", equalTo(1));

        byte[] export = given().auth().oauth2(trainer).get("/api/trades/{t}/questions.xlsx", org.tradeId()).then()
                .statusCode(200).extract().asByteArray();
        assertEquals(31, QuestionSheet.cellsOf(new ByteArrayInputStream(export)).size());
        upload(trainer, otherTrade, export, "?commit=true").statusCode(200).body("imported", equalTo(30)).body("invalid", equalTo(0));

        assertEquals(fixtures.text(CONTENT, org.tradeId()), fixtures.text(CONTENT, otherTrade));
        // filtered exports carry only the list's rows
        byte[] filtered = given().auth().oauth2(trainer).get("/api/trades/{t}/questions.xlsx?type=TRUE_FALSE&knowledgePoint=安全", org.tradeId())
                .then().statusCode(200).extract().asByteArray();
        assertEquals(1 + 3, QuestionSheet.cellsOf(new ByteArrayInputStream(filtered)).size());
    }

    @Test
    void giftTextFromMoodleImportsTheTypesThatMapAndBackAgain() {
        Fixtures.Org org = fixtures.org();
        fixtures.execute("insert into knowledge_point (trade_id, name) values (?, '安全')", org.tradeId());
        long otherTrade = fixtures.insert("insert into trade (industry_id, code, name) values (?, ?, '另一工种') returning id",
                org.industryId(), "T" + System.nanoTime() % 1_000_000_000L);
        fixtures.execute("insert into knowledge_point (trade_id, name) values (?, '安全')", otherTrade);
        String trainer = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        String gift = """
                // a Moodle export
                $CATEGORY: $course$/炼钢

                ::G-1::转炉炼钢的主要氧化剂是 {
                  =工业纯氧#对
                  ~空气
                  ~石灰
                  ####转炉吹入工业纯氧。
                }

                // chuangguan: 难度=3; 等级=2; 知识点=安全; 题库=考试
                ::G-2::哪些是炼钢原料\\: 选出所有 {
                  ~%50%铁水
                  ~%-100%氧气\\=O2
                  ~%50%废钢
                }

                ::G-3::炉前必须穿戴防护服。{T}

                ::G-4::钢的主要成分是铁和{=碳 =C}。

                ::G-5::谈谈你对安全生产的理解。{}
                """;
        given().auth().oauth2(trainer).contentType("text/plain; charset=UTF-8").body(gift)
                .post("/api/trades/{t}/question-imports", org.tradeId()).then().log().ifValidationFails().statusCode(200)
                .body("valid", equalTo(4)).body("invalid", equalTo(1))
                .body("rows.ref", contains("G-1", "G-2", "G-3", "G-4", "G-5"))
                .body("rows.type", contains("SINGLE", "MULTIPLE", "TRUE_FALSE", "FILL_BLANK", null))
                .body("rows[3].stem", equalTo("钢的主要成分是铁和 ___ 。"))
                .body("rows[4].errors[0].message", containsString("问答"))
                .body("rows[1].stem", equalTo("哪些是炼钢原料: 选出所有"));
        given().auth().oauth2(trainer).contentType("text/plain; charset=UTF-8").body(gift)
                .post("/api/trades/{t}/question-imports?commit=true", org.tradeId()).then().statusCode(200).body("imported", equalTo(4));
        assertEquals("A,C|3|2|EXAM|氧气=O2", fixtures.text("select v.correct_keys || '|' || v.difficulty || '|' || v.grade || '|' || q.pool"
                + " || '|' || (v.options::json -> 1 ->> 'text') from question q join question_version v on v.question_id = q.id"
                + " where q.trade_id = ? and q.ref = 'G-2'", org.tradeId()));

        String exported = given().auth().oauth2(trainer).get("/api/trades/{t}/questions.gift", org.tradeId()).then().statusCode(200)
                .contentType(containsString("text/plain")).extract().asString();
        assertTrue(exported.contains("~%50%铁水") && exported.contains("####转炉吹入工业纯氧。") && exported.contains("{=碳 =C}"), exported);
        given().auth().oauth2(trainer).contentType("text/plain; charset=UTF-8").body(exported)
                .post("/api/trades/{t}/question-imports?commit=true", otherTrade).then().statusCode(200).body("imported", equalTo(4));
        assertEquals(fixtures.text(CONTENT, org.tradeId()), fixtures.text(CONTENT, otherTrade));
    }

    @Test
    void badFilesAreRefusedAsAWholeAndChangeNothing() throws IOException {
        Fixtures.Org org = fixtures.org();
        fixtures.execute("insert into knowledge_point (trade_id, name) values (?, '安全')", org.tradeId());
        String trainer = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        Map<String, String> good = single("A-1", "一道好题", "A", "安全");

        upload(trainer, org.tradeId(), "编号,题型\nA-1,单选\n".getBytes(), "?commit=true").statusCode(422)
                .contentType("application/problem+json").body("type", containsString("not-xlsx"));
        upload(trainer, org.tradeId(), sheet(List.of(good), ws -> ws.formula(1, 20, "1+1")), "?commit=true").statusCode(422)
                .body("type", containsString("formulas"));
        upload(trainer, org.tradeId(), sheet(List.of(good, single("A-2", "第二道", "B", "安全")), ws -> ws.range(1, 12, 2, 12).merge()),
                "?commit=true").statusCode(422).body("type", containsString("merged-cells"));
        upload(trainer, org.tradeId(), zipBomb(), "?commit=true").statusCode(422).body("type", containsString("zip-bomb"));
        List<Map<String, String>> many = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            many.add(Map.of("题干", "题" + i));
        }
        byte[] manyRows = sheet(many, ws -> { });
        upload(trainer, org.tradeId(), manyRows, "?commit=true").statusCode(422).body("type", containsString("too-many-rows"))
                .body("detail", containsString("2000"));
        byte[] noHeaders = sheet(List.of(good), ws -> ws.value(0, 2, "问题"));
        upload(trainer, org.tradeId(), noHeaders, "?commit=true").statusCode(422).body("detail", containsString("题干"));
        upload(trainer, org.tradeId(), new byte[20 * 1024 * 1024], "?commit=true").statusCode(413);
        assertEquals(0, questions(org.tradeId()));

        String stranger = Fixtures.login(fixtures.trainer(fixtures.org().industryId()).phone());
        upload(stranger, org.tradeId(), sheet(List.of(good), ws -> { }), "?commit=true").statusCode(403);
        upload(trainer, org.tradeId(), sheet(List.of(good), ws -> { }), "?commit=true").statusCode(200).body("imported", equalTo(1));
        given().auth().oauth2(trainer).get("/api/trades/{t}/questions", org.tradeId()).then()
                .body("items.status", everyItem(equalTo("DRAFT")));
    }

    /** A valid-looking package whose sheet unpacks to 200 MB of spaces. */
    private static byte[] zipBomb() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write("<Types/>".getBytes());
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            byte[] spaces = new byte[1024 * 1024];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 200; i++) {
                zip.write(spaces);
            }
        }
        return out.toByteArray();
    }
}
