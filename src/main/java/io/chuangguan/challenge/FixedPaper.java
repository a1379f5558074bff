package io.chuangguan.challenge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.chuangguan.challenge.AttemptStore.PaperRow;
import io.chuangguan.challenge.ChallengeRequests.Answer;
import io.chuangguan.challenge.ChallengeViews.PaperQuestion;
import io.chuangguan.challenge.ChallengeViews.ReviewQuestion;
import io.chuangguan.questionbank.Candidate;
import io.chuangguan.questionbank.PaperVersion;

/**
 * A paper fixed in advance (a contest's): every taker gets the same questions, in an order and with option orders
 * of their own that follow from a seed, shown and marked exactly as a level's paper is.
 */
public final class FixedPaper {

    /** One question as one taker's paper holds it: the authoring keys in the order shown ("C,A,D,B"). */
    public record Item(long questionId, long versionId, String optionOrder) {
    }

    /** A marked submission: each position's answer as stored, whether it was right, how many were, the score (0–100). */
    public record Marked(String[] selected, Boolean[] correct, int correctCount, int score) {
    }

    private FixedPaper() {
    }

    /** The versions in a taker's order, each with its options shuffled (true/false and blanks keep theirs). */
    public static List<Item> shuffle(List<PaperVersion> versions, long seed) {
        Random random = new Random(seed);
        List<PaperVersion> order = new ArrayList<>(versions);
        Collections.shuffle(order, random);
        List<Item> items = new ArrayList<>(order.size());
        for (PaperVersion v : order) {
            Candidate c = new Candidate(v.id(), v.questionId(), v.type(), 0, 0, java.util.Set.of(), v.options().size(), v.pool());
            items.add(new Item(v.questionId(), v.id(), Paper.optionOrder(c, random)));
        }
        return items;
    }

    /** The questions as the taker sees them: no keys. */
    public static List<PaperQuestion> questions(List<Item> paper, Map<Long, PaperVersion> versions) {
        return rows(paper, null, null).stream().map(r -> ChallengeService.paperQuestion(r, versions.get(r.versionId()))).toList();
    }

    /** Marks the answers (422 when they do not fit the paper). */
    public static Marked mark(List<Answer> answers, List<Item> paper, Map<Long, PaperVersion> versions) {
        String[] selected = new String[paper.size()];
        Boolean[] correct = new Boolean[paper.size()];
        int right = ChallengeService.mark(answers, rows(paper, null, null), versions, selected, correct);
        return new Marked(selected, correct, right, paper.isEmpty() ? 0 : Math.round(100f * right / paper.size()));
    }

    /** The review of a marked paper: keys and explanations under the rules of a level's review. */
    public static List<ReviewQuestion> review(List<Item> paper, String[] selected, Boolean[] correct, Map<Long, PaperVersion> versions) {
        List<PaperRow> rows = rows(paper, selected, correct);
        return rows.stream().map(r -> ChallengeService.review(r, versions.get(r.versionId()), r.selected(), Boolean.TRUE.equals(r.correct())))
                .toList();
    }

    private static List<PaperRow> rows(List<Item> paper, String[] selected, Boolean[] correct) {
        List<PaperRow> rows = new ArrayList<>(paper.size());
        for (int i = 0; i < paper.size(); i++) {
            Item item = paper.get(i);
            rows.add(new PaperRow(i, item.questionId(), item.versionId(), item.optionOrder(), selected == null ? null : selected[i],
                    correct == null ? null : correct[i]));
        }
        return rows;
    }
}
