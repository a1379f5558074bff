package io.chuangguan.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chuangguan.catalog.SkillGrade;
import io.chuangguan.level.DrawRule;
import io.chuangguan.questionbank.QuestionOption;

/**
 * The demo question banks (demo/questions/*.json, one file per trade) and a level map for each of those trades:
 * for every grade 5..1 a run of practice levels, each on two knowledge points, then the grade's exam levels.
 */
@ApplicationScoped
public class DemoQuestionBank {

    /** Trade code → question file. */
    static final Map<String, String> BANKS = Map.of(
            "STEELMAKER", "demo/questions/steelmaker.json",
            "GOLD_MINER", "demo/questions/gold-miner.json");
    /** Grade → {regular levels, exam levels}. */
    private static final Map<Integer, int[]> LEVELS_PER_GRADE = Map.of(5, new int[] { 4, 2 }, 4, new int[] { 3, 2 },
            3, new int[] { 3, 1 }, 2, new int[] { 2, 1 }, 1, new int[] { 2, 1 });
    private static final String[] EXAM_NUMBERS = { "一", "二", "三" };

    record DemoQuestion(String ref, String type, String stem, List<QuestionOption> options, List<String> answer,
            String explanation, int difficulty, int grade, List<String> knowledgePoints) {
    }

    record DemoLevel(int order, String name, int grade, int questionCount, DrawRule rule, int timeLimitSeconds, int passMark,
            int star1, int star2, int star3, boolean exam) {
    }

    private final ObjectMapper json;

    public DemoQuestionBank(ObjectMapper json) {
        this.json = json;
    }

    List<DemoQuestion> questions(String tradeCode) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(BANKS.get(tradeCode))) {
            return json.readValue(in, new TypeReference<List<DemoQuestion>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(BANKS.get(tradeCode) + " is missing or broken", e);
        }
    }

    /** Knowledge points in the order the bank first uses them. */
    static List<String> knowledgePoints(List<DemoQuestion> questions) {
        Set<String> points = new LinkedHashSet<>();
        questions.forEach(q -> points.addAll(q.knowledgePoints()));
        return new ArrayList<>(points);
    }

    static List<DemoLevel> levelMap(List<String> points) {
        List<DemoLevel> levels = new ArrayList<>();
        int order = 0;
        for (int grade = 5; grade >= 1; grade--) {
            String title = SkillGrade.of(grade).title();
            int[] counts = LEVELS_PER_GRADE.get(grade);
            for (int j = 0; j < counts[0]; j++) {
                String a = points.get((2 * j) % points.size());
                String b = points.get((2 * j + 1) % points.size());
                DrawRule rule = new DrawRule(List.of(new DrawRule.Part(List.of(a), null, null, 4),
                        new DrawRule.Part(List.of(b), null, null, 4)));
                levels.add(new DemoLevel(++order, title + " 第" + (j + 1) + "关 " + a + "·" + b, grade, 10, rule, 600, 60,
                        60, 80, 100, false));
            }
            for (int j = 0; j < counts[1]; j++) {
                List<DrawRule.Part> parts = points.stream().map(p -> new DrawRule.Part(List.of(p), null, null, 2)).toList();
                levels.add(new DemoLevel(++order, title + "考核（" + EXAM_NUMBERS[j] + "）", grade, 20, new DrawRule(parts),
                        1200, 60, 60, 80, 95, true));
            }
        }
        return levels;
    }

    /**
     * The demo's exam pool: within each grade and (first) knowledge point, two questions of every five in file order,
     * so every exam level finds two questions per knowledge point and the learning levels keep the rest.
     */
    static Set<String> examRefs(List<DemoQuestion> questions) {
        Map<String, Integer> seen = new java.util.HashMap<>();
        Set<String> exam = new java.util.HashSet<>();
        for (DemoQuestion q : questions) {
            int i = seen.merge(q.grade() + "|" + q.knowledgePoints().get(0), 1, Integer::sum) - 1;
            if (i % 5 == 1 || i % 5 == 3) {
                exam.add(q.ref());
            }
        }
        return exam;
    }

    String optionsJson(DemoQuestion question) {
        try {
            return json.writeValueAsString(question.options());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
