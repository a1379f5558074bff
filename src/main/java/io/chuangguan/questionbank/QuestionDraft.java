package io.chuangguan.questionbank;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.chuangguan.common.Violation;

/**
 * What an author writes of a question, from the console or from a row of an import sheet. {@link #violations} holds
 * the rules both paths share, with messages in Chinese because trainers read them (at a field, or in an import row).
 */
public record QuestionDraft(String ref, QuestionPool pool, QuestionType type, String stem, List<QuestionOption> options,
        List<String> correctKeys, String explanation, Integer difficulty, Integer grade, List<String> knowledgePoints) {

    public static final int MAX_OPTIONS = 8;
    public static final int MAX_STEM = 2000;
    public static final int MAX_OPTION = 500;
    public static final int MAX_EXPLANATION = 2000;
    public static final int MAX_POINTS = 10;
    public static final String TRUE_TEXT = "正确";
    public static final String FALSE_TEXT = "错误";
    private static final Pattern REF = Pattern.compile("[\\p{L}\\p{N}_.-]{1,32}");

    /** Keys A, B, ... for the options in order. */
    public static String key(int index) {
        return String.valueOf((char) ('A' + index));
    }

    /**
     * The draft as it is stored: trimmed texts, keys in authoring order, a TRUE_FALSE question's fixed options, the
     * correct keys sorted and without repeats, knowledge points without repeats.
     */
    public QuestionDraft normalised() {
        List<QuestionOption> opts = new ArrayList<>();
        if (type == QuestionType.TRUE_FALSE) {
            opts.add(new QuestionOption("A", TRUE_TEXT));
            opts.add(new QuestionOption("B", FALSE_TEXT));
        } else if (options != null) {
            for (int i = 0; i < options.size(); i++) {
                QuestionOption o = options.get(i);
                opts.add(new QuestionOption(key(i), o == null || o.text() == null ? null : o.text().strip()));
            }
        }
        List<String> keys = correctKeys == null ? null : correctKeys.stream()
                .map(k -> k == null ? "" : k.strip().toUpperCase()).distinct().sorted().toList();
        if (type == QuestionType.FILL_BLANK) {
            // every blank must be filled right: the keys are all of them
            keys = new ArrayList<>();
            for (int i = 0; i < opts.size(); i++) {
                keys.add(key(i));
                QuestionOption o = opts.get(i);
                opts.set(i, new QuestionOption(o.key(), o.text() == null ? null : String.join("|", accepted(o.text()))));
            }
        }
        List<String> points = knowledgePoints == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(knowledgePoints.stream()
                .map(p -> p == null ? "" : p.strip()).toList()));
        return new QuestionDraft(ref == null || ref.isBlank() ? null : ref.strip(), pool == null ? QuestionPool.LEARNING : pool,
                type, stem == null ? null : stem.strip(), opts, keys, explanation == null ? "" : explanation.strip(),
                difficulty, grade, points);
    }

    /** What is wrong with a normalised draft, by field; empty when it can be saved. */
    public List<Violation> violations(Set<String> tradePoints) {
        List<Violation> v = new ArrayList<>();
        if (ref != null && !REF.matcher(ref).matches()) {
            v.add(new Violation("ref", "编号只能由文字、字母、数字、- _ . 组成，最长 32 个字符"));
        }
        if (type == null) {
            v.add(new Violation("type", "缺少题型（单选、多选或判断）"));
        }
        if (stem == null || stem.isEmpty()) {
            v.add(new Violation("stem", "缺少题干"));
        } else if (stem.length() > MAX_STEM) {
            v.add(new Violation("stem", "题干超过 " + MAX_STEM + " 个字"));
        }
        if (type == QuestionType.FILL_BLANK) {
            int blanks = stem == null ? 0 : blanks(stem);
            if (blanks < 1 || blanks > MAX_OPTIONS) {
                v.add(new Violation("stem", "填空题的题干须用 ___（三个或更多下划线）标出 1 到 " + MAX_OPTIONS + " 个空"));
            } else if (blanks != options.size()) {
                v.add(new Violation("options", "题干有 " + blanks + " 个空，却给了 " + options.size() + " 组答案"));
            }
            for (int i = 0; i < options.size(); i++) {
                String text = options.get(i).text();
                if (text == null || text.isEmpty()) {
                    v.add(new Violation("options[" + i + "]", "第 " + (i + 1) + " 个空没有答案"));
                } else if (text.length() > MAX_OPTION) {
                    v.add(new Violation("options[" + i + "]", "第 " + (i + 1) + " 个空的答案超过 " + MAX_OPTION + " 个字"));
                }
            }
        } else if (type != null && type != QuestionType.TRUE_FALSE) {
            if (options.size() < 2 || options.size() > MAX_OPTIONS) {
                v.add(new Violation("options", "选项须有 2 到 " + MAX_OPTIONS + " 个"));
            }
            Set<String> texts = new HashSet<>();
            for (int i = 0; i < options.size(); i++) {
                String text = options.get(i).text();
                if (text == null || text.isEmpty()) {
                    v.add(new Violation("options[" + i + "]", "选项" + key(i) + "为空"));
                } else if (text.length() > MAX_OPTION) {
                    v.add(new Violation("options[" + i + "]", "选项" + key(i) + "超过 " + MAX_OPTION + " 个字"));
                } else if (!texts.add(text)) {
                    v.add(new Violation("options[" + i + "]", "选项" + key(i) + "与前面的选项相同"));
                }
            }
        }
        if (type == QuestionType.FILL_BLANK) {
            // the blanks' answers are the key
        } else if (correctKeys == null || correctKeys.isEmpty()) {
            v.add(new Violation("correctKeys", "缺少答案"));
        } else if (type != null) {
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < options.size(); i++) {
                keys.add(key(i));
            }
            List<String> unknown = correctKeys.stream().filter(k -> !keys.contains(k)).toList();
            if (!unknown.isEmpty()) {
                v.add(new Violation("correctKeys", "答案 " + String.join("、", unknown) + " 不在选项中"));
            } else if (type == QuestionType.MULTIPLE && correctKeys.size() < 2) {
                v.add(new Violation("correctKeys", "多选题至少要有两个正确选项"));
            } else if (type != QuestionType.MULTIPLE && correctKeys.size() != 1) {
                v.add(new Violation("correctKeys", (type == QuestionType.SINGLE ? "单选题" : "判断题") + "只能有一个答案"));
            }
        }
        if (explanation.length() > MAX_EXPLANATION) {
            v.add(new Violation("explanation", "解析超过 " + MAX_EXPLANATION + " 个字"));
        }
        if (difficulty == null || difficulty < 1 || difficulty > 5) {
            v.add(new Violation("difficulty", "难度须是 1 到 5"));
        }
        if (grade == null || grade < 1 || grade > 5) {
            v.add(new Violation("grade", "等级须是 5（初级工）到 1（高级技师）"));
        }
        if (knowledgePoints.size() > MAX_POINTS) {
            v.add(new Violation("knowledgePoints", "知识点最多 " + MAX_POINTS + " 个"));
        }
        List<String> unknownPoints = knowledgePoints.stream().filter(p -> !tradePoints.contains(p)).toList();
        if (!unknownPoints.isEmpty()) {
            v.add(new Violation("knowledgePoints", "未知的知识点：" + String.join("、", unknownPoints)));
        }
        return v;
    }

    /** A blank in a FILL_BLANK stem: three or more underscores (full-width ones too). */
    public static final Pattern BLANK = Pattern.compile("[_＿]{3,}");

    public static int blanks(String stem) {
        return (int) BLANK.matcher(stem).results().count();
    }

    /** A blank's accepted answers: its text split at |, trimmed, without empty or repeated ones. */
    public static List<String> accepted(String text) {
        return java.util.Arrays.stream(text.split("[|｜]")).map(String::strip).filter(a -> !a.isEmpty()).distinct().toList();
    }

    /** How a typed answer is compared: full and half width folded (NFKC), lower case, inner runs of space as one, trimmed. */
    public static String fold(String answer) {
        return java.text.Normalizer.normalize(answer == null ? "" : answer, java.text.Normalizer.Form.NFKC)
                .toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    /** Whether a typed answer is one of the blank's accepted answers. */
    public static boolean matches(String typed, String blankText) {
        String f = fold(typed);
        return !f.isEmpty() && accepted(blankText).stream().anyMatch(a -> fold(a).equals(f));
    }

    /** A picture in a text, as the console writes it: ![alt](/images/<sha-256>). */
    public static final Pattern IMAGE = Pattern.compile("!\\[[^\\]]*\\]\\(/images/([0-9a-f]{64})\\)");

    /** The pictures each field shows, by field ("stem", "options[1]", "explanation"). */
    public java.util.Map<String, List<String>> images() {
        java.util.Map<String, List<String>> found = new java.util.LinkedHashMap<>();
        scan(found, "stem", stem);
        for (int i = 0; options != null && i < options.size(); i++) {
            scan(found, "options[" + i + "]", options.get(i).text());
        }
        scan(found, "explanation", explanation);
        return found;
    }

    private static void scan(java.util.Map<String, List<String>> found, String field, String text) {
        if (text == null) {
            return;
        }
        java.util.regex.Matcher m = IMAGE.matcher(text);
        while (m.find()) {
            found.computeIfAbsent(field, f -> new ArrayList<>()).add(m.group(1));
        }
    }

    /** The options as stored: a JSON array of {key, text}. */
    public String optionsJson() {
        try {
            return JSON.writeValueAsString(options);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
}
