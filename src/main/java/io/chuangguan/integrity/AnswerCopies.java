package io.chuangguan.integrity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.PipelineRider;
import io.chuangguan.common.RedisPipelines;
import io.chuangguan.integrity.Flags.Flag;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * IDENTICAL_ANSWERS. A submitted CHALLENGE run is pushed, in the author's keys (so that each paper's shuffle does not
 * hide a copy), onto a capped list of its level's last {@link #KEPT} runs in Redis ({@code cg:runs:{level:<id>}}),
 * and its level onto {@code cg:runs:dirty}: four commands that ride the submission's own pipeline to Redis; nothing
 * is compared on the hot path.
 * Every scan interval the levels that got runs are taken off that set (by one instance each) and their lists compared
 * pair by pair: two accounts' runs within {@code identical-window} that answer every question they share alike, on at
 * least {@code identical-min-shared} questions, two of them the same wrong answer, raise a flag on both accounts.
 * A level busy enough to push a copy out of its last runs between two copiers' submissions is a contest hall;
 * contests have their own checks.
 */
@ApplicationScoped
public class AnswerCopies {

    private static final Logger LOG = Logger.getLogger(AnswerCopies.class);
    static final int KEPT = 30;
    private static final String DIRTY = "cg:runs:dirty";
    private static final int LEVELS_PER_PASS = 500;

    private final Redis redis;
    private final RedisPipelines pipelines;
    private final Flags flags;
    private final AppConfig.Integrity rules;

    public AnswerCopies(Redis redis, Flags flags, AppConfig config, RedisPipelines pipelines) {
        this.pipelines = pipelines;
        this.redis = redis;
        this.flags = flags;
        this.rules = config.integrity();
    }

    private static String key(long levelId) {
        return "cg:runs:{level:" + levelId + "}";
    }

    /**
     * The commands that note a submitted run, to ride the submission's pipeline. {@code answers}: one
     * "questionId:authoring keys joined by +:1 or 0 (right)" per question answered.
     */
    public PipelineRider note(long levelId, long accountId, long attemptId, Instant at, List<String> answers) {
        if (answers.size() < rules.identicalMinShared()) {
            return PipelineRider.NONE;
        }
        String key = key(levelId);
        String entry = attemptId + "|" + accountId + "|" + at.getEpochSecond() + "|" + String.join(",", answers);
        long ttl = Math.max(60, 2 * rules.identicalWindow().toSeconds());
        return PipelineRider.of(List.of(Request.cmd(Command.LPUSH).arg(key).arg(entry), Request.cmd(Command.LTRIM).arg(key).arg(0).arg(KEPT - 1),
                Request.cmd(Command.EXPIRE).arg(key).arg(ttl), Request.cmd(Command.SADD).arg(DIRTY).arg(levelId)));
    }

    @Scheduled(every = "${app.integrity.scan-every:1m}", delayed = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return compareDirtyLevels().onFailure().recoverWithItem(e -> {
            LOG.warnf("Comparing runs for copies failed, the next pass tries again: %s", e.toString());
            return 0;
        }).replaceWithVoid();
    }

    /** Compares the runs of every level that got new ones; the number of flags raised. */
    public Uni<Integer> compareDirtyLevels() {
        return redis.send(Request.cmd(Command.SPOP).arg(DIRTY).arg(LEVELS_PER_PASS)).chain(popped -> {
            if (popped == null || popped.size() == 0) {
                return Uni.createFrom().item(0);
            }
            List<Request> reads = new ArrayList<>();
            for (Response level : popped) {
                reads.add(Request.cmd(Command.LRANGE).arg(key(level.toLong())).arg(0).arg(KEPT - 1));
            }
            return pipelines.batch(reads)
                    // comparing is CPU work: off the event loop
                    .emitOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                    .map(lists -> {
                        List<Flag> found = new ArrayList<>();
                        for (Response list : lists) {
                            compare(list, found);
                        }
                        return found;
                    })
                    .chain(flags::raise)
                    .chain(raised -> popped.size() < LEVELS_PER_PASS ? Uni.createFrom().item(raised)
                            : compareDirtyLevels().map(more -> raised + more));
        });
    }

    /** A run as compared: its answers sorted by question, each as "keys:1|0". */
    private record Run(long attemptId, long accountId, long at, long[] questions, String[] answers, int wrong) {

        static Run parse(String entry) {
            String[] parts = entry.split("\\|", 4);
            String[] items = parts[3].split(",");
            Arrays.sort(items, (a, b) -> Long.compare(question(a), question(b)));
            long[] questions = new long[items.length];
            String[] answers = new String[items.length];
            int wrong = 0;
            for (int i = 0; i < items.length; i++) {
                int colon = items[i].indexOf(':');
                questions[i] = Long.parseLong(items[i], 0, colon, 10);
                answers[i] = items[i].substring(colon + 1);
                if (answers[i].endsWith(":0")) {
                    wrong++;
                }
            }
            return new Run(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]), questions, answers, wrong);
        }

        private static long question(String item) {
            return Long.parseLong(item, 0, item.indexOf(':'), 10);
        }
    }

    private void compare(Response list, List<Flag> found) {
        if (list == null || list.size() < 2) {
            return;
        }
        List<Run> runs = new ArrayList<>(list.size());
        for (Response entry : list) {
            try {
                Run run = Run.parse(entry.toString());
                if (run.wrong() >= 2) {
                    runs.add(run);
                }
            } catch (RuntimeException malformed) {
                // an entry of another version: skipped
            }
        }
        long window = rules.identicalWindow().toSeconds();
        for (int i = 0; i < runs.size(); i++) {
            for (int j = i + 1; j < runs.size(); j++) {
                Run a = runs.get(i);
                Run b = runs.get(j);
                if (a.accountId() != b.accountId() && Math.abs(a.at() - b.at()) <= window && alike(a, b)) {
                    long low = Math.min(a.attemptId(), b.attemptId());
                    long high = Math.max(a.attemptId(), b.attemptId());
                    String detail = "{\"attempts\":[" + low + "," + high + "],\"accounts\":[" + a.accountId() + "," + b.accountId() + "]}";
                    found.add(new Flag(a.accountId(), "IDENTICAL_ANSWERS", "IDENTICAL:" + low + ":" + high + ":" + a.accountId(),
                            a.attemptId(), detail));
                    found.add(new Flag(b.accountId(), "IDENTICAL_ANSWERS", "IDENTICAL:" + low + ":" + high + ":" + b.accountId(),
                            b.attemptId(), detail));
                }
            }
        }
    }

    /** Enough shared questions, every one answered alike, at least two of them alike and wrong (a merge of sorted runs). */
    private boolean alike(Run a, Run b) {
        int shared = 0;
        int sharedWrong = 0;
        int i = 0;
        int j = 0;
        while (i < a.questions().length && j < b.questions().length) {
            long qa = a.questions()[i];
            long qb = b.questions()[j];
            if (qa < qb) {
                i++;
            } else if (qb < qa) {
                j++;
            } else {
                if (!a.answers()[i].equals(b.answers()[j])) {
                    return false;
                }
                shared++;
                if (a.answers()[i].endsWith(":0")) {
                    sharedWrong++;
                }
                i++;
                j++;
            }
        }
        return shared >= rules.identicalMinShared() && sharedWrong >= 2;
    }
}
