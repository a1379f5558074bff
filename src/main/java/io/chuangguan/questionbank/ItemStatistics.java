package io.chuangguan.questionbank;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.common.AttemptFold;
import io.chuangguan.common.ReportReads;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Item statistics of question versions, kept as sums folded from submitted attempts (a watermark on attempt ids, as
 * the wrong-answer fold does; never a scan of all attempts), and computed from the sums when read:
 * <ul>
 * <li><b>facility</b>: the share of the times shown that were answered right (unanswered counts as not right);</li>
 * <li><b>discrimination</b>: the point-biserial correlation between answering this question right and the score of
 * the attempt that showed it, {@code (M1 − M) / s × √(p / (1 − p))} with M1 the mean score of the attempts that got
 * it right, M and s the mean and (population) standard deviation of all of them, p the facility;</li>
 * <li>how often each option was chosen, by its authoring key (the distractor analysis).</li>
 * </ul>
 * Flags, once at least {@value #MIN_ANSWERS} answers are in: TOO_EASY (facility over 0.95), TOO_HARD (under 0.20),
 * NEGATIVE_DISCRIMINATION, UNUSED_OPTION (an option nobody chose).
 */
@ApplicationScoped
public class ItemStatistics {

    private static final Logger LOG = Logger.getLogger(ItemStatistics.class);
    static final String JOB = "item-statistics";
    static final int CHUNK = 20_000;
    static final int MIN_ANSWERS = 20;

    private static final String FOLD_CTES = """
            answers as (
                select u.version_id, u.selected, u.correct, u.option_order, a.score,
                       date_trunc('week', a.submitted_at at time zone '$ZONE')::date as week
                from attempt a
                cross join lateral unnest(a.version_ids, a.selected, a.correct, a.option_orders)
                    as u (version_id, selected, correct, option_order)
                where a.id > (select last_id from w) and a.id <= (select upto from bound) and a.status = 'SUBMITTED'),
            per_version as (
                select version_id, count(*) as shown, count(*) filter (where selected <> '') as answered,
                       count(*) filter (where correct) as right_count, coalesce(sum(score), 0) as score_sum,
                       coalesce(sum(score::bigint * score), 0) as score_sq_sum,
                       coalesce(sum(score) filter (where correct), 0) as right_score_sum
                from answers group by version_id),
            stats as (
                insert into item_statistic as s (version_id, shown, answered, right_count, score_sum, score_sq_sum, right_score_sum)
                select version_id, shown, answered, right_count, score_sum, score_sq_sum, right_score_sum from per_version
                on conflict (version_id) do update set
                    shown = s.shown + excluded.shown, answered = s.answered + excluded.answered,
                    right_count = s.right_count + excluded.right_count, score_sum = s.score_sum + excluded.score_sum,
                    score_sq_sum = s.score_sq_sum + excluded.score_sq_sum,
                    right_score_sum = s.right_score_sum + excluded.right_score_sum
                returning 1),
            choices as (
                -- a shown key is a position on the paper; the option order says which authoring key stood there
                insert into item_option_choice as c (version_id, option_key, chosen)
                select version_id, substr(option_order, 2 * (ascii(k) - 65) + 1, 1), count(*)
                from answers cross join lateral unnest(string_to_array(nullif(selected, ''), ',')) as k
                where left(selected, 1) <> '[' -- a FILL_BLANK's typed texts (a JSON array) choose no option
                group by 1, 2
                on conflict (version_id, option_key) do update set chosen = c.chosen + excluded.chosen
                returning 1),
            weekly as (
                insert into item_statistic_week as wk (version_id, week, shown, right_count)
                select version_id, week, count(*), count(*) filter (where correct) from answers group by 1, 2
                on conflict (version_id, week) do update set shown = wk.shown + excluded.shown,
                    right_count = wk.right_count + excluded.right_count
                returning 1)
            """;

    private final ReportReads reads;
    private final AttemptFold fold;

    public ItemStatistics(Pool pool, ReportReads reads, io.chuangguan.common.AppConfig config) {
        this.reads = reads;
        // the zone is configuration, not input: it goes into the statement once
        this.fold = new AttemptFold(pool, JOB, FOLD_CTES.replace("$ZONE", config.zone().getId().replace("'", "")), CHUNK);
    }

    /** One week of a version: how often it was shown and answered right (facility over time). */
    public record WeekFigure(long versionId, java.time.LocalDate week, int shown, int right, double facility) {
    }

    /** The weeks of a question's versions, oldest first. */
    public Uni<List<WeekFigure>> weeksOf(long questionId) {
        return reads.query("""
                select w.version_id, w.week, w.shown, w.right_count from item_statistic_week w
                join question_version v on v.id = w.version_id where v.question_id = $1 order by w.week, w.version_id""", Tuple.of(questionId)).map(rows -> {
                    List<WeekFigure> weeks = new ArrayList<>();
                    for (Row r : rows) {
                        weeks.add(new WeekFigure(r.getLong(0), r.getLocalDate(1), r.getInteger(2), r.getInteger(3),
                                (double) r.getInteger(3) / r.getInteger(2)));
                    }
                    return weeks;
                });
    }

    /**
     * Chunks per run: up to 2,000,000 attempts, so a run every 5 minutes keeps up with 6,600 submissions a second
     * (ten chunks kept up with only 660, a third of what the benchmark submits); a chunk folds in about 1 s.
     */
    static final int CHUNKS_PER_RUN = 100;

    /** Every 5 minutes: fresh within 10, and off the benchmark's way most of the time. */
    @Scheduled(every = "${app.questionbank.statistics-every:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return foldAll(CHUNKS_PER_RUN).onFailure().recoverWithItem(e -> {
            LOG.warnf("Item statistics not folded (tried again next time): %s", e.toString());
            return 0L;
        }).replaceWithVoid();
    }

    /** Folds up to {@code chunks} chunks, one transaction each; the attempt ids moved past. */
    public Uni<Long> foldAll(int chunks) {
        return fold.foldAll(chunks);
    }

    /** The figures of one version. */
    public record ItemStatistic(long versionId, long questionId, int shown, int answered, Double facility, Double discrimination,
            Map<String, Integer> optionsChosen, List<String> flags) {
    }

    /** The statistics of the trade's versions that were shown, hardest first. */
    public Uni<List<ItemStatistic>> ofTrade(long tradeId) {
        return read("q.trade_id = $1", tradeId);
    }

    /** The statistics of one question's versions that were shown. */
    public Uni<List<ItemStatistic>> ofQuestion(long questionId) {
        return read("v.question_id = $1", questionId);
    }

    private Uni<List<ItemStatistic>> read(String where, long id) {
        return reads.query("""
                select s.version_id, v.question_id, s.shown, s.answered, s.right_count, s.score_sum, s.score_sq_sum,
                       s.right_score_sum, v.options,
                       (select coalesce(json_object_agg(c.option_key, c.chosen), '{}')::text from item_option_choice c
                         where c.version_id = s.version_id), v.type
                from item_statistic s join question_version v on v.id = s.version_id join question q on q.id = v.question_id
                """ + " where " + where + " order by s.right_count::float / s.shown, s.version_id", Tuple.of(id)).map(rows -> {
                    List<ItemStatistic> stats = new ArrayList<>();
                    for (Row r : rows) {
                        stats.add(statistic(r));
                    }
                    return stats;
                });
    }

    private static ItemStatistic statistic(Row r) {
        int shown = r.getInteger(2);
        int answered = r.getInteger(3);
        int right = r.getInteger(4);
        long sum = r.getLong(5);
        long squares = r.getLong(6);
        long rightSum = r.getLong(7);
        // a fill-in question's "options" are its blanks, typed into, never chosen: no distractor analysis
        Map<String, Integer> chosen = new java.util.TreeMap<>();
        if (QuestionType.valueOf(r.getString(10)) != QuestionType.FILL_BLANK) {
            io.vertx.core.json.JsonArray options = new io.vertx.core.json.JsonArray(r.getString(8));
            for (int i = 0; i < options.size(); i++) {
                chosen.put(options.getJsonObject(i).getString("key"), 0);
            }
            new io.vertx.core.json.JsonObject(r.getString(9)).forEach(e -> chosen.put(e.getKey(), ((Number) e.getValue()).intValue()));
        }
        Double facility = shown == 0 ? null : (double) right / shown;
        Double discrimination = pointBiserial(shown, right, sum, squares, rightSum);
        List<String> flags = new ArrayList<>();
        if (answered >= MIN_ANSWERS && facility != null) {
            if (facility > 0.95) {
                flags.add("TOO_EASY");
            }
            if (facility < 0.20) {
                flags.add("TOO_HARD");
            }
            if (discrimination != null && discrimination < 0) {
                flags.add("NEGATIVE_DISCRIMINATION");
            }
            if (chosen.size() > 2 && chosen.containsValue(0)) {
                flags.add("UNUSED_OPTION");
            }
        }
        return new ItemStatistic(r.getLong(0), r.getLong(1), shown, answered, facility, discrimination, chosen, flags);
    }

    /** Null when it is undefined: everybody or nobody right, or all scores equal. */
    static Double pointBiserial(long n, long right, long sum, long squares, long rightSum) {
        if (n == 0 || right == 0 || right == n) {
            return null;
        }
        double mean = (double) sum / n;
        double variance = (double) squares / n - mean * mean;
        if (variance <= 1e-12) {
            return null;
        }
        double p = (double) right / n;
        double meanRight = (double) rightSum / right;
        return (meanRight - mean) / Math.sqrt(variance) * Math.sqrt(p / (1 - p));
    }
}
