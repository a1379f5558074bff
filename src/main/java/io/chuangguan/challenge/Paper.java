package io.chuangguan.challenge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import io.chuangguan.level.DrawRule;
import io.chuangguan.questionbank.Candidate;
import io.chuangguan.questionbank.QuestionType;

/**
 * Draws and shuffles a paper. Everything follows from the seed and the candidate list (in version id order),
 * so the same seed over the same bank gives the same paper.
 */
public final class Paper {

    private static final String KEYS = "ABCDEFGH";

    /** One drawn question: which version, and the authoring keys in the order they are shown ("C,A,D,B"). */
    record Drawn(Candidate candidate, String optionOrder) {
    }

    private Paper() {
    }

    /**
     * Takes each rule part's count from matching questions of the grade, then fills up to {@code count} from the
     * grade, then from the nearest grades; never the same question twice. Fewer questions come back only when
     * the whole bank is smaller than {@code count}.
     */
    static List<Drawn> draw(List<Candidate> pool, DrawRule rule, int grade, int count, long seed) {
        Random random = new Random(seed);
        // only the grade's questions are shuffled on the usual path: the bank of a whole trade is many times larger
        List<Candidate> ofGrade = new ArrayList<>();
        for (Candidate c : pool) {
            if (c.grade() == grade) {
                ofGrade.add(c);
            }
        }
        Collections.shuffle(ofGrade, random);
        List<Candidate> chosen = new ArrayList<>(count);
        Set<Long> used = new HashSet<>();
        for (DrawRule.Part part : rule.parts()) {
            take(ofGrade, part::matches, part.count(), chosen, used, count);
        }
        take(ofGrade, c -> true, count - chosen.size(), chosen, used, count);
        if (chosen.size() < count) {
            List<Candidate> byNearestGrade = new ArrayList<>(pool);
            Collections.shuffle(byNearestGrade, random);
            byNearestGrade.sort(Comparator.comparingInt(c -> Math.abs(c.grade() - grade)));
            take(byNearestGrade, c -> true, count - chosen.size(), chosen, used, count);
        }
        Collections.shuffle(chosen, random);
        return chosen.stream().map(c -> new Drawn(c, optionOrder(c, random))).toList();
    }

    /** The questions a start would draw, for the level-map editor's sample paper. */
    public static List<Candidate> sample(List<Candidate> pool, DrawRule rule, int grade, int count, long seed) {
        return draw(pool, rule, grade, count, seed).stream().map(Drawn::candidate).toList();
    }

    /** Draws from a fixed set (the wrong-answer book): all of it, up to {@code count}, in shuffled order. */
    static List<Drawn> drawFrom(List<Candidate> pool, int count, long seed) {
        Random random = new Random(seed);
        List<Candidate> shuffled = new ArrayList<>(pool);
        Collections.shuffle(shuffled, random);
        return shuffled.stream().limit(count).map(c -> new Drawn(c, optionOrder(c, random))).toList();
    }

    private static void take(List<Candidate> from, Predicate<Candidate> filter, int wanted, List<Candidate> chosen,
            Set<Long> used, int limit) {
        int taken = 0;
        for (Candidate c : from) {
            if (taken >= wanted || chosen.size() >= limit) {
                return;
            }
            if (!used.contains(c.questionId()) && filter.test(c)) {
                chosen.add(c);
                used.add(c.questionId());
                taken++;
            }
        }
    }

    /** True/false keeps 正确 before 错误 and blanks keep their order; other types show their options shuffled. */
    static String optionOrder(Candidate candidate, Random random) {
        char[] keys = KEYS.substring(0, candidate.optionCount()).toCharArray();
        if (candidate.type() != QuestionType.TRUE_FALSE && candidate.type() != QuestionType.FILL_BLANK) {
            for (int i = keys.length - 1; i > 0; i--) { // Fisher-Yates, as Collections.shuffle
                int j = random.nextInt(i + 1);
                char swap = keys[i];
                keys[i] = keys[j];
                keys[j] = swap;
            }
        }
        StringBuilder order = new StringBuilder(2 * keys.length);
        for (char key : keys) {
            order.append(order.isEmpty() ? "" : ",").append(key);
        }
        return order.toString();
    }

    /** The key shown at a position: A, B, C ... */
    static String shownKey(int position) {
        return String.valueOf(KEYS.charAt(position));
    }

    // An option order is one-letter authoring keys joined by commas ("C,A,D,B"): the key shown at position i is the
    // character at 2i. These run for every question of every paper, so they read characters instead of splitting.

    /** How many options a paper shows for this order. */
    static int optionCount(String optionOrder) {
        return (optionOrder.length() + 1) / 2;
    }

    /** The authoring key shown at a position. */
    static String authoringKeyAt(String optionOrder, int position) {
        return String.valueOf(optionOrder.charAt(2 * position));
    }

    /** Shown keys ("A,C") back to the authoring keys they stood for on this paper, sorted and joined by '+' ("B+D"). */
    static String authoringKeys(String shownCsv, String optionOrder) {
        char[] keys = new char[(shownCsv.length() + 1) / 2];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = optionOrder.charAt(2 * KEYS.indexOf(shownCsv.charAt(2 * i)));
        }
        Arrays.sort(keys);
        StringBuilder joined = new StringBuilder(2 * keys.length);
        for (char key : keys) {
            joined.append(joined.isEmpty() ? "" : "+").append(key);
        }
        return joined.toString();
    }

    /** Whether the shown keys, read through the option order, are exactly the authoring keys {@code correct}. */
    static boolean isExactly(List<String> shown, String optionOrder, List<String> correct) {
        int chosen = 0;
        for (String key : shown) {
            chosen |= 1 << (optionOrder.charAt(2 * KEYS.indexOf(key)) - 'A');
        }
        int right = 0;
        for (String key : correct) {
            right |= 1 << (key.charAt(0) - 'A');
        }
        return chosen == right;
    }

    /** Authoring keys to the keys shown on this paper, sorted. */
    static List<String> toShownKeys(List<String> authoring, String optionOrder) {
        char[] shown = new char[authoring.size()];
        for (int i = 0; i < shown.length; i++) {
            int at = optionOrder.indexOf(authoring.get(i).charAt(0));
            if (at < 0) {
                throw new IllegalStateException("Key " + authoring.get(i) + " is not among the options " + optionOrder);
            }
            shown[i] = KEYS.charAt(at / 2);
        }
        Arrays.sort(shown);
        List<String> keys = new ArrayList<>(shown.length);
        for (char key : shown) {
            keys.add(String.valueOf(key));
        }
        return keys;
    }
}
