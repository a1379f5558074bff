package io.chuangguan.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.chuangguan.level.DrawRule;
import io.chuangguan.questionbank.Candidate;
import io.chuangguan.questionbank.QuestionType;

class PaperTest {

    private static List<Candidate> pool() {
        List<Candidate> pool = new ArrayList<>();
        long id = 1;
        for (String point : List.of("安全", "设备", "工艺")) {
            for (int grade = 5; grade >= 4; grade--) {
                for (int i = 0; i < 6; i++, id++) {
                    QuestionType type = QuestionType.values()[i % 3];
                    pool.add(new Candidate(id, id, type, 1 + i % 5, grade, Set.of(point), type == QuestionType.TRUE_FALSE ? 2 : 4, io.chuangguan.questionbank.QuestionPool.LEARNING));
                }
            }
        }
        return pool;
    }

    @Test
    void everyPartIsMetFromTheLevelsGradeWithoutRepeats() {
        DrawRule rule = new DrawRule(List.of(new DrawRule.Part(List.of("设备"), null, null, 4),
                new DrawRule.Part(List.of("安全"), 4, 5, 2)));
        for (long seed = 0; seed < 200; seed++) {
            List<Paper.Drawn> paper = Paper.draw(pool(), rule, 5, 10, seed);
            assertEquals(10, paper.size());
            assertEquals(10, paper.stream().map(d -> d.candidate().questionId()).distinct().count());
            assertTrue(paper.stream().allMatch(d -> d.candidate().grade() == 5), "the grade has enough questions");
            assertTrue(paper.stream().filter(d -> d.candidate().knowledgePoints().contains("设备")).count() >= 4);
            assertTrue(paper.stream().filter(d -> d.candidate().knowledgePoints().contains("安全")
                    && d.candidate().difficulty() >= 4).count() >= 2);
        }
    }

    @Test
    void aShortGradeIsFilledFromTheNearestGradeAndASmallBankGivesWhatItHas() {
        List<Paper.Drawn> paper = Paper.draw(pool(), new DrawRule(List.of()), 5, 25, 7);
        assertEquals(25, paper.size());
        assertEquals(18, paper.stream().filter(d -> d.candidate().grade() == 5).count());
        assertEquals(36, Paper.draw(pool(), new DrawRule(List.of()), 5, 50, 7).size());
    }

    @Test
    void theSameSeedGivesTheSamePaperAndOptionsAreShuffledExceptTrueFalse() {
        DrawRule rule = new DrawRule(List.of());
        assertEquals(Paper.draw(pool(), rule, 5, 10, 42), Paper.draw(pool(), rule, 5, 10, 42));
        Set<String> orders = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            for (Paper.Drawn d : Paper.draw(pool(), rule, 5, 10, seed)) {
                if (d.candidate().type() == QuestionType.TRUE_FALSE) {
                    assertEquals("A,B", d.optionOrder());
                } else {
                    orders.add(d.optionOrder());
                    assertEquals(Set.of("A", "B", "C", "D"), Set.of(d.optionOrder().split(",")));
                }
            }
        }
        assertTrue(orders.size() > 10, "options are shuffled: " + orders);
    }

    @Test
    void shownAndAuthoringKeysMapBothWays() {
        // shown A, B are authoring C, A on this paper
        assertTrue(Paper.isExactly(List.of("A", "B"), "C,A,D,B", List.of("A", "C")));
        assertFalse(Paper.isExactly(List.of("A"), "C,A,D,B", List.of("A", "C")));
        assertFalse(Paper.isExactly(List.of("A", "B", "C"), "C,A,D,B", List.of("A", "C")));
        assertFalse(Paper.isExactly(List.of("B"), "C,A,D,B", List.of("C")));
        assertTrue(Paper.isExactly(List.of("A"), "C,A,D,B", List.of("C")));
        assertEquals(List.of("A", "B"), Paper.toShownKeys(List.of("A", "C"), "C,A,D,B"));
        assertEquals(List.of("C"), Paper.toShownKeys(List.of("D"), "C,A,D,B"));
        assertEquals("D", Paper.authoringKeyAt("C,A,D,B", 2));
        assertEquals(4, Paper.optionCount("C,A,D,B"));
        assertEquals(2, Paper.optionCount("A,B"));
    }
}
