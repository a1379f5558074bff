package io.chuangguan.questionbank;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

import io.chuangguan.common.DomainException;
import io.chuangguan.common.Violation;

/**
 * The question sheet: one row per question under Chinese headers, the same layout for the template, the import,
 * the error report and the export (so an export imports back to the same questions). Reading is streamed and
 * bounded: a file that is not an xlsx, that unpacks to far more than it weighs, that has formulas or merged cells,
 * or more than {@value #MAX_ROWS} rows is refused as a whole before anything is written.
 */
public final class QuestionSheet {

    public static final String MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public static final int MAX_ROWS = 2000;
    /** What an upload may unpack to: a 500-question sheet unpacks to about 1 MB. */
    static final long MAX_UNPACKED = 64L * 1024 * 1024;
    static final int MAX_ENTRIES = 200;

    static final String REF = "编号";
    static final String TYPE = "题型";
    static final String STEM = "题干";
    static final String ANSWER = "答案";
    static final String EXPLANATION = "解析";
    static final String DIFFICULTY = "难度";
    static final String GRADE = "等级";
    static final String POINTS = "知识点";
    static final String POOL = "题库";
    static final String ERRORS = "错误";
    static final List<String> OPTION_HEADERS = List.of("选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "选项G", "选项H");
    static final List<String> HEADERS;

    static {
        List<String> headers = new ArrayList<>(List.of(REF, TYPE, STEM));
        headers.addAll(OPTION_HEADERS);
        headers.addAll(List.of(ANSWER, EXPLANATION, DIFFICULTY, GRADE, POINTS, POOL));
        HEADERS = List.copyOf(headers);
    }

    static final Map<QuestionType, String> TYPE_NAMES = Map.of(QuestionType.SINGLE, "单选", QuestionType.MULTIPLE, "多选",
            QuestionType.TRUE_FALSE, "判断", QuestionType.FILL_BLANK, "填空");
    static final Map<QuestionPool, String> POOL_NAMES = Map.of(QuestionPool.LEARNING, "练习", QuestionPool.EXAM, "考试");
    /** The national grades' titles by number: 1 is the highest (高级技师), 5 the entry grade (初级工). */
    static final List<String> GRADE_NAMES = List.of("高级技师", "技师", "高级工", "中级工", "初级工");

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(QuestionSheet.class);

    private QuestionSheet() {
    }

    /** One row as read: its cells by header, and what is wrong with it (by header). */
    public record SheetRow(int row, Map<String, String> cells, QuestionDraft draft, List<Violation> errors) {
    }

    public record Parsed(List<SheetRow> rows) {
    }

    // ---- reading ----

    public static Parsed read(byte[] file) {
        if (file == null || file.length < 4 || !ReadableWorkbook.isOOXMLZipHeader(Arrays.copyOf(file, 8))) {
            throw refused("not-xlsx", "文件不是 Excel 工作簿（.xlsx）：请用模板另存为 .xlsx 后上传");
        }
        inspectPackage(file);
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(file));
                Stream<Row> stream = workbook.getFirstSheet().openStream()) {
            Iterator<Row> rows = stream.iterator();
            if (!rows.hasNext()) {
                throw refused("empty-sheet", "第一个工作表是空的：请使用下载的模板");
            }
            Map<Integer, String> headerAt = headers(rows.next());
            List<SheetRow> parsed = new ArrayList<>();
            while (rows.hasNext()) {
                Row row = rows.next();
                Map<String, String> cells = new HashMap<>();
                for (Cell cell : row) {
                    if (cell == null) {
                        continue;
                    }
                    if (cell.getType() == CellType.FORMULA) {
                        throw refused("formulas", "第 " + row.getRowNum() + " 行有公式（" + cell.getAddress()
                                + "）：请把公式换成它的值（复制后“选择性粘贴 → 数值”）再上传");
                    }
                    String header = headerAt.get(cell.getColumnIndex());
                    String text = text(cell);
                    if (header != null && !text.isEmpty()) {
                        cells.put(header, text);
                    }
                }
                if (cells.isEmpty()) {
                    continue;
                }
                if (parsed.size() == MAX_ROWS) {
                    throw refused("too-many-rows", "一次最多导入 " + MAX_ROWS + " 道题：请把表格拆开上传");
                }
                parsed.add(draftOf(row.getRowNum(), cells));
            }
            if (parsed.isEmpty()) {
                throw refused("empty-sheet", "表格里没有题目：从第 2 行起每行一道题");
            }
            return new Parsed(parsed);
        } catch (IOException | org.dhatim.fastexcel.reader.ExcelReaderException | UncheckedIOException e) {
            LOG.infof("An uploaded sheet could not be read: %s", e.toString());
            throw refused("unreadable-xlsx", "无法读取这个 Excel 文件：请用 Excel 或 WPS 打开后另存为 .xlsx 再上传");
        }
    }

    /** Headers by column; the known ones must all be there, in any order. */
    private static Map<Integer, String> headers(Row first) {
        Map<Integer, String> headerAt = new HashMap<>();
        for (Cell cell : first) {
            if (cell != null) {
                String text = text(cell).replace(" ", "");
                if (HEADERS.contains(text)) {
                    headerAt.put(cell.getColumnIndex(), text);
                }
            }
        }
        List<String> missing = HEADERS.stream().filter(h -> !headerAt.containsValue(h) && !OPTION_HEADERS.subList(2, 8).contains(h)).toList();
        if (!missing.isEmpty()) {
            throw refused("missing-columns", "第 1 行缺少列：" + String.join("、", missing) + "。请使用下载的模板");
        }
        return headerAt;
    }

    private static String text(Cell cell) {
        if (cell.getType() == CellType.NUMBER) {
            BigDecimal n = cell.asNumber().stripTrailingZeros();
            return n.scale() <= 0 ? n.toBigInteger().toString() : n.toPlainString();
        }
        String raw = cell.getText();
        return raw == null ? "" : raw.strip();
    }

    /**
     * Walks the zip without unpacking it to memory: refuses what unpacks to more than {@value #MAX_UNPACKED} bytes
     * (a zip bomb), too many parts, and sheets with merged cells (their values sit in one cell of the range only).
     */
    static void inspectPackage(byte[] file) {
        long unpacked = 0;
        int entries = 0;
        byte[] buffer = new byte[64 * 1024];
        byte[] merge = "<mergeCell ".getBytes(StandardCharsets.US_ASCII);
        // the central directory, as Excel's readers use it (a streamed read cannot follow stored entries with descriptors)
        try (org.apache.commons.compress.archivers.zip.ZipFile zip = org.apache.commons.compress.archivers.zip.ZipFile.builder()
                .setSeekableByteChannel(new org.apache.commons.compress.utils.SeekableInMemoryByteChannel(file)).get()) {
            for (var it = zip.getEntries(); it.hasMoreElements();) {
                var entry = it.nextElement();
                if (++entries > MAX_ENTRIES) {
                    throw refused("zip-bomb", "文件结构异常（部件过多），已拒绝");
                }
                boolean sheet = entry.getName().startsWith("xl/worksheets/") && entry.getName().endsWith(".xml");
                int matched = 0;
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int n; (n = in.read(buffer)) > 0;) {
                        unpacked += n;
                        if (unpacked > MAX_UNPACKED) {
                            throw refused("zip-bomb", "文件解压后过大（超过 64 MB），已拒绝：一个工作表最多 " + MAX_ROWS + " 道题");
                        }
                        if (sheet) {
                            for (int i = 0; i < n; i++) {
                                matched = buffer[i] == merge[matched] ? matched + 1 : (buffer[i] == merge[0] ? 1 : 0);
                                if (matched == merge.length) {
                                    throw refused("merged-cells", "工作表里有合并单元格：请取消合并，每道题占一行、每个单元格一个值");
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.infof("An uploaded sheet could not be unpacked: %s", e.toString());
            throw refused("unreadable-xlsx", "无法读取这个 Excel 文件：请用 Excel 或 WPS 打开后另存为 .xlsx 再上传");
        }
        if (entries == 0) {
            throw refused("not-xlsx", "文件不是 Excel 工作簿（.xlsx）：请用模板另存为 .xlsx 后上传");
        }
    }

    static DomainException refused(String type, String detail) {
        return new DomainException(422, type, "Unusable file", detail);
    }

    /** The row as a draft, with what could not even be read (an unknown type, a difficulty that is not a number). */
    static SheetRow draftOf(int rowNum, Map<String, String> cells) {
        List<Violation> errors = new ArrayList<>();
        QuestionType type = null;
        String typeText = cells.get(TYPE);
        if (typeText != null) {
            type = TYPE_NAMES.entrySet().stream().filter(e -> typeText.startsWith(e.getValue())).map(Map.Entry::getKey).findFirst()
                    .orElseGet(() -> parseEnum(QuestionType.class, typeText));
            if (type == null) {
                errors.add(new Violation(TYPE, "未知的题型“" + typeText + "”：应为 单选、多选 或 判断"));
            }
        }
        QuestionPool pool = QuestionPool.LEARNING;
        String poolText = cells.get(POOL);
        if (poolText != null) {
            pool = POOL_NAMES.entrySet().stream().filter(e -> e.getValue().equals(poolText)).map(Map.Entry::getKey).findFirst()
                    .orElseGet(() -> parseEnum(QuestionPool.class, poolText));
            if (pool == null) {
                errors.add(new Violation(POOL, "未知的题库“" + poolText + "”：应为 练习 或 考试"));
            }
        }
        List<QuestionOption> options = new ArrayList<>();
        int last = -1;
        for (int i = 0; i < OPTION_HEADERS.size(); i++) {
            if (cells.containsKey(OPTION_HEADERS.get(i))) {
                last = i;
            }
        }
        for (int i = 0; i <= last; i++) {
            options.add(new QuestionOption(QuestionDraft.key(i), cells.get(OPTION_HEADERS.get(i))));
        }
        List<String> keys = answer(cells.get(ANSWER), type);
        Integer difficulty = number(cells.get(DIFFICULTY), DIFFICULTY, errors, List.of());
        Integer grade = number(cells.get(GRADE), GRADE, errors, GRADE_NAMES);
        String pointsText = cells.get(POINTS);
        List<String> points = pointsText == null ? List.of()
                : Arrays.stream(pointsText.split("[;；、,，|\\n]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        QuestionDraft draft = new QuestionDraft(cells.get(REF), pool, type, cells.get(STEM), options, keys, cells.get(EXPLANATION),
                difficulty, grade, points).normalised();
        return new SheetRow(rowNum, cells, draft, errors);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String text) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** "AC", "A,C", "A、C"; for 判断 also 正确/错误, 对/错, √/×. */
    static List<String> answer(String text, QuestionType type) {
        if (text == null) {
            return List.of();
        }
        String t = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC).strip().toUpperCase(Locale.ROOT);
        if (type == QuestionType.TRUE_FALSE) {
            if (List.of("正确", "对", "√", "是", "TRUE", "T").contains(t)) {
                return List.of("A");
            }
            if (List.of("错误", "错", "×", "否", "FALSE", "F").contains(t)) {
                return List.of("B");
            }
        }
        List<String> keys = new ArrayList<>();
        for (char ch : t.toCharArray()) {
            if (Character.isLetterOrDigit(ch)) {
                keys.add(String.valueOf(ch));
            }
        }
        return keys;
    }

    private static Integer number(String text, String header, List<Violation> errors, List<String> names) {
        if (text == null) {
            return null;
        }
        int named = names.indexOf(text);
        if (named >= 0) {
            return named + 1;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            errors.add(new Violation(header, header + "“" + text + "”不是 1 到 5 的数字"));
            return 0;
        }
    }

    /** A draft's violation field as the sheet's column. */
    static String column(String field) {
        if (field.startsWith("options[")) {
            int i = Integer.parseInt(field.substring(8, field.indexOf(']')));
            return i < OPTION_HEADERS.size() ? OPTION_HEADERS.get(i) : "选项";
        }
        return switch (field) {
            case "ref" -> REF;
            case "type" -> TYPE;
            case "stem" -> STEM;
            case "options" -> "选项";
            case "correctKeys" -> ANSWER;
            case "explanation" -> EXPLANATION;
            case "difficulty" -> DIFFICULTY;
            case "grade" -> GRADE;
            case "knowledgePoints" -> POINTS;
            case "pool" -> POOL;
            default -> field;
        };
    }

    // ---- writing ----

    /** A question as a sheet row, in {@link #HEADERS} order. */
    public record Line(String ref, QuestionType type, String stem, List<QuestionOption> options, List<String> correctKeys,
            String explanation, int difficulty, int grade, List<String> knowledgePoints, QuestionPool pool) {

        List<String> cells() {
            List<String> cells = new ArrayList<>(List.of(ref, TYPE_NAMES.get(type), stem));
            for (int i = 0; i < OPTION_HEADERS.size(); i++) {
                cells.add(type != QuestionType.TRUE_FALSE && i < options.size() ? options.get(i).text() : "");
            }
            String answer = type == QuestionType.TRUE_FALSE ? (correctKeys.contains("A") ? "正确" : "错误")
                    : type == QuestionType.FILL_BLANK ? "" : String.join("", correctKeys);
            cells.addAll(List.of(answer, explanation, Integer.toString(difficulty), Integer.toString(grade),
                    String.join("；", knowledgePoints), POOL_NAMES.get(pool)));
            return cells;
        }
    }

    /** The template: headers, dropdowns for type, difficulty, grade and pool, an example row, and a notes sheet. */
    public static byte[] template(List<String> knowledgePoints) {
        Line example = new Line("STM-001", QuestionType.SINGLE, "转炉炼钢时，氧枪的主要作用是什么？",
                List.of(new QuestionOption("A", "供氧"), new QuestionOption("B", "加料"), new QuestionOption("C", "测温"),
                        new QuestionOption("D", "出钢")),
                List.of("A"), "氧枪向熔池吹入高压氧气。", 2, 5, knowledgePoints.isEmpty() ? List.of() : List.of(knowledgePoints.get(0)),
                QuestionPool.LEARNING);
        return write(List.of(example.cells()), null, knowledgePoints);
    }

    /** Questions in the template's layout. */
    public static byte[] export(List<Line> lines, List<String> knowledgePoints) {
        return write(lines.stream().map(Line::cells).toList(), null, knowledgePoints);
    }

    /** The uploaded rows as they were, with a column saying what is wrong with each. */
    public static byte[] errorReport(List<SheetRow> rows, Map<Integer, List<Violation>> errors, List<String> knowledgePoints) {
        List<List<String>> lines = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (SheetRow row : rows) {
            List<String> cells = new ArrayList<>();
            HEADERS.forEach(h -> cells.add(row.cells().getOrDefault(h, "")));
            lines.add(cells);
            List<Violation> found = errors.getOrDefault(row.row(), List.of());
            messages.add(found.stream().map(v -> v.field() + "：" + v.message()).reduce((a, b) -> a + "；" + b).orElse(""));
        }
        return write(lines, messages, knowledgePoints);
    }

    private static byte[] write(List<List<String>> lines, List<String> errors, List<String> knowledgePoints) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(out, "Chuangguan", "1.0");
            Worksheet sheet = workbook.newWorksheet("题目");
            List<String> headers = new ArrayList<>(HEADERS);
            if (errors != null) {
                headers.add(ERRORS);
            }
            for (int c = 0; c < headers.size(); c++) {
                sheet.value(0, c, headers.get(c));
                sheet.width(c, headers.get(c).equals(STEM) || headers.get(c).equals(ERRORS) ? 48 : 14);
            }
            sheet.range(0, 0, 0, headers.size() - 1).style().bold().fillColor("DDEBF7").set();
            sheet.freezePane(0, 1);
            for (int r = 0; r < lines.size(); r++) {
                List<String> cells = lines.get(r);
                for (int c = 0; c < cells.size(); c++) {
                    if (cells.get(c) != null && !cells.get(c).isEmpty()) {
                        sheet.value(r + 1, c, cells.get(c));
                    }
                }
                if (errors != null && !errors.get(r).isEmpty()) {
                    sheet.value(r + 1, headers.size() - 1, errors.get(r));
                    sheet.style(r + 1, headers.size() - 1).fontColor("C00000").set();
                }
            }
            int lastRow = Math.max(MAX_ROWS, lines.size());
            dropdown(sheet, HEADERS.indexOf(TYPE), lastRow, "单选,多选,判断,填空");
            dropdown(sheet, HEADERS.indexOf(DIFFICULTY), lastRow, "1,2,3,4,5");
            dropdown(sheet, HEADERS.indexOf(GRADE), lastRow, "1,2,3,4,5");
            dropdown(sheet, HEADERS.indexOf(POOL), lastRow, "练习,考试");
            notes(workbook.newWorksheet("说明"), knowledgePoints);
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void dropdown(Worksheet sheet, int column, int lastRow, String values) {
        sheet.range(1, column, lastRow, column).validateWithListByFormula("\"" + values + "\"");
    }

    private static void notes(Worksheet notes, List<String> knowledgePoints) {
        String[] lines = {
            "填写说明",
            "每行一道题，从第 2 行开始；第 1 行的列名不要改动，列的顺序可以调整。",
            "编号：本工种内唯一，可留空（系统自动编号）；只用文字、字母、数字和 - _ .，最长 32 个字符。",
            "题型：单选、多选、判断、填空。判断题不填选项，答案填“正确”或“错误”。",
            "填空题：题干里用 ___（三个或更多下划线）标出每个空；选项A 起依次填每个空的答案，一个空有几种说法时用 | 分开（如 碳|C）；答案列不填。",
            "选项A–选项H：单选、多选题 2 到 8 个选项，从选项A起连续填写。",
            "答案：选项字母，多选题写在一起，如 AC（也可写 A,C）；单选一个字母，多选至少两个。",
            "难度：1（最易）到 5（最难）。等级：5 初级工、4 中级工、3 高级工、2 技师、1 高级技师（也可直接写名称）。",
            "知识点：本工种已有的知识点，多个用；分隔。题库：练习（可在练习后看到答案）或 考试（答案不外传），默认练习。",
            "不要使用公式和合并单元格；一次最多 " + MAX_ROWS + " 道题。",
            "",
            "本工种的知识点："
        };
        for (int r = 0; r < lines.length; r++) {
            notes.value(r, 0, lines[r]);
        }
        for (int i = 0; i < knowledgePoints.size(); i++) {
            notes.value(lines.length + i, 0, knowledgePoints.get(i));
        }
        notes.width(0, 100);
        notes.style(0, 0).bold().set();
    }

    /** For tests and the bench: reads the first sheet's cells as text, row by row. */
    public static List<List<String>> cellsOf(InputStream xlsx) throws IOException {
        try (ReadableWorkbook workbook = new ReadableWorkbook(xlsx); Stream<Row> rows = workbook.getFirstSheet().openStream()) {
            List<List<String>> result = new ArrayList<>();
            rows.forEach(row -> {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < row.getCellCount(); c++) {
                    Cell cell = row.getCell(c);
                    cells.add(cell == null ? "" : text(cell));
                }
                result.add(cells);
            });
            return result;
        }
    }
}
