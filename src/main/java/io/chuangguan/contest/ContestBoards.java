package io.chuangguan.contest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.common.RedisPipelines;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * A contest's live boards in Redis: {@code cg:contest:{C:42}:people}, members account ids, and
 * {@code cg:contest:{C:42}:teams}, members enterprise ids. Both carry the contest in their hash tag, so a rebuild copy
 * ({@code …:rebuild}) renames over its board on a Redis Cluster too. PostgreSQL is the truth: the boards are written
 * after the submission's commit and rebuilt from the runs when they are missing.
 * <p>
 * A person's board value orders as the contest's tie-break does: the best score, then the shorter time taken, then the
 * earlier submission: {@code score × 2^46 + (2^27 − 1 − ms taken) × 2^19 + (2^19 − 1 − seconds from the start)},
 * below 2^53 and so exact in a Redis double (time taken up to 37 hours, submissions up to 6 days into the window;
 * the final placings are ordered by PostgreSQL, not by this value). A team's value is the mean of its members' best
 * scores, a member who has not submitted counting 0.
 */
@ApplicationScoped
public class ContestBoards {

    static final long ELAPSED_SPAN = 1L << 27;
    static final long OFFSET_SPAN = 1L << 19;

    private final Redis redis;
    private final RedisPipelines pipelines;

    public ContestBoards(Redis redis, RedisPipelines pipelines) {
        this.pipelines = pipelines;
        this.redis = redis;
    }

    static String people(long contestId) {
        return "cg:contest:{C:" + contestId + "}:people";
    }

    static String teams(long contestId) {
        return "cg:contest:{C:" + contestId + "}:teams";
    }

    static long value(int score, long elapsedMs, long secondsFromStart) {
        long elapsed = Math.min(Math.max(elapsedMs, 0), ELAPSED_SPAN - 1);
        long offset = Math.min(Math.max(secondsFromStart, 0), OFFSET_SPAN - 1);
        return score * ELAPSED_SPAN * OFFSET_SPAN + (ELAPSED_SPAN - 1 - elapsed) * OFFSET_SPAN + (OFFSET_SPAN - 1 - offset);
    }

    static int scoreOf(double value) {
        return (int) ((long) value / (ELAPSED_SPAN * OFFSET_SPAN));
    }

    /** A run's value on the person's board (kept only if better) and the team's new mean, in one round trip. */
    Uni<Void> write(long contestId, long accountId, long value, Long enterpriseId, Double teamMean) {
        List<Request> requests = new ArrayList<>(2);
        requests.add(Request.cmd(Command.ZADD).arg(people(contestId)).arg("GT").arg(value).arg(accountId));
        if (enterpriseId != null && teamMean != null) {
            requests.add(Request.cmd(Command.ZADD).arg(teams(contestId)).arg(teamMean.toString()).arg(enterpriseId));
        }
        return pipelines.batch(requests).replaceWithVoid();
    }

    /** Whether the person's board is there (a Redis that lost its data has none). */
    Uni<Boolean> present(long contestId) {
        return redis.send(Request.cmd(Command.EXISTS).arg(people(contestId))).map(r -> r.toLong() > 0);
    }

    /** Replaces both boards with these values, each built aside and renamed over the board. */
    Uni<Void> replace(long contestId, Map<Long, Long> people, Map<Long, Double> teams) {
        List<Request> requests = new ArrayList<>();
        fill(requests, people(contestId), people);
        fill(requests, teams(contestId), teams);
        return pipelines.batch(requests).replaceWithVoid();
    }

    private static void fill(List<Request> requests, String key, Map<Long, ? extends Number> values) {
        String copy = key + ":rebuild";
        requests.add(Request.cmd(Command.DEL).arg(copy));
        if (values.isEmpty()) {
            requests.add(Request.cmd(Command.DEL).arg(key));
            return;
        }
        Request add = Request.cmd(Command.ZADD).arg(copy);
        values.forEach((member, value) -> add.arg(value.toString()).arg(member));
        requests.add(add);
        requests.add(Request.cmd(Command.RENAME).arg(copy).arg(key));
    }

    /** One entry of a board read: the member and its value. */
    record Entry(long member, double value) {
    }

    /** The top {@code n} of a board. */
    Uni<List<Entry>> top(String key, int n) {
        return redis.send(Request.cmd(Command.ZREVRANGE).arg(key).arg(0).arg(n - 1).arg("WITHSCORES")).map(r -> {
            List<Entry> entries = new ArrayList<>();
            if (r == null || r.size() == 0) {
                return entries;
            }
            if (r.get(0).type() == ResponseType.MULTI) { // RESP3: [member, score] pairs
                for (Response pair : r) {
                    entries.add(new Entry(pair.get(0).toLong(), pair.get(1).toDouble()));
                }
            } else { // RESP2: a flat list
                for (int i = 0; i + 1 < r.size(); i += 2) {
                    entries.add(new Entry(r.get(i).toLong(), r.get(i + 1).toDouble()));
                }
            }
            return entries;
        });
    }

    /** A member's 1-based rank on a board, or null. */
    Uni<Long> rank(String key, long member) {
        return redis.send(Request.cmd(Command.ZREVRANK).arg(key).arg(member)).map(r -> r == null ? null : r.toLong() + 1);
    }

    Uni<Void> delete(long contestId) {
        return redis.send(Request.cmd(Command.DEL).arg(people(contestId)).arg(teams(contestId))).replaceWithVoid();
    }
}
