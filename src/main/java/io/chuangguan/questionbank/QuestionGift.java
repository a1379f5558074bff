package io.chuangguan.questionbank;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.chuangguan.common.DomainException;
import io.chuangguan.common.Violation;
import io.chuangguan.questionbank.QuestionSheet.Line;
import io.chuangguan.questionbank.QuestionSheet.SheetRow;

/**
 * Moodle's GIFT text format, for the types that map: multiple choice with one right answer (SINGLE), with weighted
 * right answers (MULTIPLE) and true/false. The explanation is GIFT's general feedback ({@code ####}); the
 * difficulty, grade, knowledge points and pool, which GIFT has no place for, travel in a comment line before the
 * question ({@code // chuangguan: 难度=2; 等级=5; 知识点=安全规程; 题库=练习}) that Moodle ignores. A question without it
 * (one from Moodle) gets difficulty 3 and grade 5 (初级工), which the preview shows before anything is written.
 */
public final class QuestionGift {

    public static final int MAX_CHARS = 2_000_000;
    private static final String META = "// chuangguan:";
    private static final Pattern TITLE = Pattern.compile("^::(.*?)::", Pattern.DOTALL);
    private static final Pattern WEIGHT = Pattern.compile("^%(-?[0-9]+(?:\\.[0-9]+)?)%");

    private QuestionGift() {
    }

    // ---- writing ----

    public static String write(List<Line> lines) {
        StringBuilder out = new StringBuilder("// 闯关题库导出（GIFT 格式，可导入 Moodle）\n\n");
        for (Line q : lines) {
            out.append(META).append(" 难度=").append(q.difficulty()).append("; 等级=").append(q.grade())
                    .append("; 知识点=").append(String.join("、", q.knowledgePoints()))
                    .append("; 题库=").append(QuestionSheet.POOL_NAMES.get(q.pool())).append('\n');
            if (q.type() == QuestionType.FILL_BLANK) {
                writeShortAnswer(out, q);
                continue;
            }
            out.append("::").append(escape(q.ref())).append("::").append(escape(q.stem())).append(" {");
            if (q.type() == QuestionType.TRUE_FALSE) {
                out.append(q.correctKeys().contains("A") ? "TRUE" : "FALSE");
            } else if (q.type() == QuestionType.SINGLE) {
                for (QuestionOption o : q.options()) {
                    out.append("\n\t").append(q.correctKeys().contains(o.key()) ? '=' : '~').append(escape(o.text()));
                }
            } else {
                List<String> weights = rightWeights(q.correctKeys().size());
                int right = 0;
                for (QuestionOption o : q.options()) {
                    out.append("\n\t~%").append(q.correctKeys().contains(o.key()) ? weights.get(right++) : "-100").append('%')
                            .append(escape(o.text()));
                }
            }
            if (!q.explanation().isEmpty()) {
                out.append("\n\t####").append(escape(q.explanation()));
            }
            out.append(q.type() == QuestionType.TRUE_FALSE ? "}\n\n" : "\n}\n\n");
        }
        return out.toString();
    }

    /**
     * A one-blank FILL_BLANK is GIFT's short answer, the answers standing where the blank was. More blanks have no GIFT
     * form (Moodle's cloze is another format): they are left out with a comment saying so.
     */
    private static void writeShortAnswer(StringBuilder out, Line q) {
        java.util.regex.Matcher blank = QuestionDraft.BLANK.matcher(q.stem());
        if (q.options().size() != 1 || !blank.find()) {
            int cut = out.lastIndexOf(META);
            out.setLength(cut);
            out.append("// ").append(q.ref()).append("：多空填空题没有 GIFT 格式，未导出\n\n");
            return;
        }
        StringBuilder answers = new StringBuilder("{");
        for (String a : QuestionDraft.accepted(q.options().get(0).text())) {
            answers.append("=").append(escape(a)).append(" ");
        }
        if (!q.explanation().isEmpty()) {
            answers.append("####").append(escape(q.explanation())).append(' ');
        }
        answers.setCharAt(answers.length() - 1, '}');
        out.append("::").append(escape(q.ref())).append("::").append(escape(q.stem().substring(0, blank.start()).strip()))
                .append(' ').append(answers).append(' ').append(escape(q.stem().substring(blank.end()).strip())).append("\n\n");
    }

    /** Weights of the right answers that Moodle accepts: they add up to 100 with five decimals. */
    static List<String> rightWeights(int n) {
        List<String> weights = new ArrayList<>();
        long each = Math.round(100_00000.0 / n);
        long last = 100_00000 - each * (n - 1);
        for (int i = 0; i < n; i++) {
            long w = i == n - 1 ? last : each;
            weights.add(new java.math.BigDecimal(w).movePointLeft(5).stripTrailingZeros().toPlainString());
        }
        return weights;
    }

    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("~", "\\~").replace("=", "\\=").replace("#", "\\#").replace("{", "\\{")
                .replace("}", "\\}").replace(":", "\\:").replace("\n", "\\n");
    }

    // ---- reading ----

    /** The questions of a GIFT text as rows (numbered by the line each starts on), for the same checks as a sheet. */
    public static QuestionSheet.Parsed read(String text) {
        if (text == null || text.isBlank()) {
            throw QuestionSheet.refused("empty-file", "文件是空的");
        }
        if (text.length() > MAX_CHARS) {
            throw QuestionSheet.refused("too-large", "GIFT 文件超过 200 万字：请拆开上传");
        }
        List<SheetRow> rows = new ArrayList<>();
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder block = new StringBuilder();
        Map<String, String> meta = new HashMap<>();
        int start = 0;
        int depth = 0;
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : "";
            String trimmed = line.strip();
            if (depth == 0 && trimmed.startsWith(META)) {
                meta = meta(trimmed.substring(META.length()));
                continue;
            }
            if (depth == 0 && (trimmed.startsWith("//") || trimmed.startsWith("$CATEGORY:"))) {
                continue;
            }
            if (depth == 0 && trimmed.isEmpty() || i == lines.length) {
                if (!block.toString().isBlank()) {
                    if (rows.size() == QuestionSheet.MAX_ROWS) {
                        throw QuestionSheet.refused("too-many-rows", "一次最多导入 " + QuestionSheet.MAX_ROWS + " 道题：请把文件拆开上传");
                    }
                    rows.add(question(start, block.toString().strip(), meta));
                }
                block.setLength(0);
                meta = new HashMap<>();
                continue;
            }
            if (block.length() == 0) {
                start = i + 1;
            }
            block.append(line).append('\n');
            depth += braces(line);
        }
        if (rows.isEmpty()) {
            throw QuestionSheet.refused("empty-file", "文件里没有题目");
        }
        return new QuestionSheet.Parsed(rows);
    }

    /** Unescaped { minus unescaped } on the line. */
    private static int braces(String line) {
        int depth = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            }
        }
        return depth;
    }

    private static Map<String, String> meta(String text) {
        Map<String, String> meta = new HashMap<>();
        for (String part : text.split("[;；]")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                meta.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        return meta;
    }

    private static SheetRow question(int lineNumber, String block, Map<String, String> meta) {
        Map<String, String> cells = new HashMap<>();
        String rest = block;
        Matcher title = TITLE.matcher(rest);
        if (title.find()) {
            cells.put(QuestionSheet.REF, unescape(title.group(1)).strip());
            rest = rest.substring(title.end());
        }
        int open = unescapedIndex(rest, '{', 0);
        int close = open < 0 ? -1 : unescapedIndex(rest, '}', open + 1);
        if (open < 0 || close < 0) {
            return unsupported(lineNumber, cells, "不是 GIFT 题目：缺少 { 答案 }");
        }
        String stem = (unescape(rest.substring(0, open)) + " " + unescape(rest.substring(close + 1))).strip();
        cells.put(QuestionSheet.STEM, stem.replaceFirst("^\\[(html|moodle|plain|markdown)\\]", "").strip());
        String answers = rest.substring(open + 1, close);
        int general = answers.indexOf("####");
        if (general >= 0) {
            cells.put(QuestionSheet.EXPLANATION, unescape(answers.substring(general + 4)).strip());
            answers = answers.substring(0, general);
        }
        putMeta(cells, meta);
        String a = answers.strip();
        if (a.matches("(?i)T|TRUE|F|FALSE")) {
            cells.put(QuestionSheet.TYPE, "判断");
            cells.put(QuestionSheet.ANSWER, a.toUpperCase().startsWith("T") ? "正确" : "错误");
            return QuestionSheet.draftOf(lineNumber, cells);
        }
        List<String[]> choices = choices(answers);
        if (choices.isEmpty()) {
            return unsupported(lineNumber, cells, "暂不支持的 GIFT 题型（问答、数值或配对）");
        }
        if (choices.stream().allMatch(c -> c[0].equals("=") && c[1] == null && !c[2].contains("->"))) {
            // short answer: one blank, where the answers stood (or at the end), its answers the accepted texts
            String before = unescape(rest.substring(0, open)).strip();
            String after = unescape(rest.substring(close + 1)).strip();
            cells.put(QuestionSheet.STEM, (before + " ___ " + after).strip());
            cells.put(QuestionSheet.TYPE, "填空");
            cells.put(QuestionSheet.OPTION_HEADERS.get(0), String.join("|", choices.stream().map(c -> c[2]).toList()));
            cells.remove(QuestionSheet.ANSWER);
            return QuestionSheet.draftOf(lineNumber, cells);
        }
        boolean weighted = choices.stream().anyMatch(c -> c[1] != null);
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < choices.size() && i < QuestionSheet.OPTION_HEADERS.size(); i++) {
            String[] c = choices.get(i);
            cells.put(QuestionSheet.OPTION_HEADERS.get(i), c[2]);
            boolean right = weighted ? c[1] != null && Double.parseDouble(c[1]) > 0 : c[0].equals("=");
            if (right) {
                keys.append(QuestionDraft.key(i));
            }
        }
        if (choices.size() > QuestionSheet.OPTION_HEADERS.size()) {
            cells.put("选项I", "…");
        }
        cells.put(QuestionSheet.TYPE, keys.length() > 1 ? "多选" : "单选");
        if (keys.length() > 0) {
            cells.put(QuestionSheet.ANSWER, keys.toString());
        }
        SheetRow row = QuestionSheet.draftOf(lineNumber, cells);
        if (choices.size() > QuestionSheet.OPTION_HEADERS.size()) {
            List<Violation> errors = new ArrayList<>(row.errors());
            errors.add(new Violation("选项", "选项多于 " + QuestionSheet.OPTION_HEADERS.size() + " 个"));
            return new SheetRow(row.row(), row.cells(), row.draft(), errors);
        }
        return row;
    }

    /** A question from Moodle has no difficulty or grade: it comes in at the middle difficulty and the entry grade (5, 初级工). */
    private static void putMeta(Map<String, String> cells, Map<String, String> meta) {
        cells.put(QuestionSheet.DIFFICULTY, "3");
        cells.put(QuestionSheet.GRADE, "5");
        for (String header : List.of(QuestionSheet.DIFFICULTY, QuestionSheet.GRADE, QuestionSheet.POINTS, QuestionSheet.POOL)) {
            String value = meta.get(header);
            if (value != null && !value.isEmpty()) {
                cells.put(header, value);
            }
        }
    }

    /** Each choice as [marker "=" or "~", weight or null, text without its feedback]. */
    private static List<String[]> choices(String answers) {
        List<String[]> choices = new ArrayList<>();
        int i = 0;
        while (true) {
            int at = nextMarker(answers, i);
            if (at < 0) {
                break;
            }
            int next = nextMarker(answers, at + 1);
            String body = answers.substring(at + 1, next < 0 ? answers.length() : next);
            int feedback = unescapedIndex(body, '#', 0);
            if (feedback >= 0) {
                body = body.substring(0, feedback);
            }
            String weight = null;
            Matcher w = WEIGHT.matcher(body.strip());
            if (w.find()) {
                weight = w.group(1);
                body = body.strip().substring(w.end());
            }
            choices.add(new String[] { String.valueOf(answers.charAt(at)), weight, unescape(body).strip() });
            i = next < 0 ? answers.length() : next;
        }
        return choices;
    }

    private static int nextMarker(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '=' || c == '~') {
                return i;
            }
        }
        return -1;
    }

    private static int unescapedIndex(String s, char wanted, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == wanted) {
                return i;
            }
        }
        return -1;
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 'n' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static SheetRow unsupported(int lineNumber, Map<String, String> cells, String message) {
        QuestionDraft empty = new QuestionDraft(cells.get(QuestionSheet.REF), QuestionPool.LEARNING, null, cells.get(QuestionSheet.STEM),
                List.of(), List.of(), "", null, null, List.of()).normalised();
        return new SheetRow(lineNumber, cells, empty, List.of(new Violation(QuestionSheet.TYPE, message)));
    }

    static DomainException refused(String type, String detail) {
        return QuestionSheet.refused(type, detail);
    }
}
