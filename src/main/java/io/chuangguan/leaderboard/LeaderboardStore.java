package io.chuangguan.leaderboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.PipelineRider;
import io.chuangguan.common.RedisPipelines;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/** The leaderboards in Redis: sorted sets whose members are account ids and whose scores are {@link ScoreCodec} values. */
@ApplicationScoped
public class LeaderboardStore {

    /** Requests per pipeline: big enough to amortise round trips, small enough not to stall Redis. */
    private static final int PIPELINE = 2_000;

    private final Redis redis;
    private final RedisPipelines pipelines;
    private final ZoneId zone;
    private final Duration grace;

    public LeaderboardStore(Redis redis, AppConfig config, RedisPipelines pipelines) {
        this.pipelines = pipelines;
        this.redis = redis;
        this.zone = config.zone();
        this.grace = config.leaderboard().periodGrace();
    }

    /** One member of a board with its stored score. */
    record Member(long accountId, double score) {
    }

    /** Raises each entry on all of its boards ({@code ZADD GT}: absolute, never lowering) and sets period expiries. */
    Uni<Void> write(List<BoardEntry> entries) {
        return pipeline(writes(entries)).replaceWithVoid();
    }

    /**
     * {@link #write}, then the member's 1-based ranks on these boards (null where it is not on one), in one pipeline:
     * Redis runs the commands in order, so the ranks already count the writes.
     */
    Uni<Map<String, Long>> writeAndRank(List<BoardEntry> entries, long accountId, List<String> keys, PipelineRider rider) {
        List<Request> requests = new ArrayList<>();
        requests.add(MARKER_CHECK);
        requests.addAll(writes(entries));
        int first = requests.size();
        requests.addAll(rankRequests(accountId, keys));
        int riding = requests.size();
        requests.addAll(rider.requests());
        return pipeline(requests).map(responses -> {
            rider.answered(responses.subList(riding, responses.size()));
            // the writes went into a Redis that lost its data: harmless (the rebuild renames full boards over them and
            // the relay writes them again), but the ranks would be counted among the few written since
            requireMarker(responses);
            return ranks(keys, responses.subList(first, riding));
        });
    }

    private List<Request> writes(List<BoardEntry> entries) {
        List<Request> requests = new ArrayList<>();
        Map<String, String> periodKeys = new LinkedHashMap<>();
        for (BoardEntry entry : entries) {
            String score = Long.toString(entry.score());
            for (Map.Entry<Scope, Long> unit : entry.units().entrySet()) {
                String key = LeaderboardKeys.board(unit.getKey(), unit.getValue(), entry.period());
                requests.add(Request.cmd(Command.ZADD).arg(key).arg("GT").arg(score).arg(Long.toString(entry.accountId())));
                if (PeriodClock.periodOf(entry.period()) != Period.ALL_TIME) {
                    periodKeys.put(key, entry.period());
                }
            }
        }
        periodKeys.forEach((key, label) -> requests.add(expireAt(key, label)));
        return requests;
    }

    /** Whether a period's boards are past their grace: Redis would drop them at once, so they are not written. */
    boolean expired(String label, Instant now) {
        Instant end = PeriodClock.end(label, zone);
        return end != null && !end.plus(grace).isAfter(now);
    }

    /** A period board lives until its period ends plus the grace (time to archive it and to show last week's). */
    private Request expireAt(String key, String label) {
        Instant end = PeriodClock.end(label, zone);
        return Request.cmd(Command.EXPIREAT).arg(key).arg(Long.toString(end.plus(grace).getEpochSecond()));
    }

    private static List<Request> rankRequests(long accountId, List<String> keys) {
        List<Request> requests = new ArrayList<>(keys.size());
        for (String key : keys) {
            requests.add(Request.cmd(Command.ZREVRANK).arg(key).arg(Long.toString(accountId)));
        }
        return requests;
    }

    private static Map<String, Long> ranks(List<String> keys, List<Response> responses) {
        Map<String, Long> ranks = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Response r = responses.get(i);
            ranks.put(keys.get(i), r == null ? null : r.toLong() + 1);
        }
        return ranks;
    }

    record Slice(long size, List<Member> members) {
    }

    /** Board size and the members from {@code offset} (0-based), best first. */
    Uni<Slice> slice(String key, long offset, int limit) {
        List<Request> requests = List.of(MARKER_CHECK, Request.cmd(Command.ZCARD).arg(key),
                Request.cmd(Command.ZREVRANGE).arg(key).arg(Long.toString(offset)).arg(Long.toString(offset + limit - 1)).arg("WITHSCORES"));
        return pipeline(requests).map(r -> {
            requireMarker(r);
            return new Slice(r.get(1).toLong(), members(r.get(2)));
        });
    }

    /**
     * Read with every board read and before every rank, in the same pipeline: without the marker, Redis lost its data
     * and holds at most what was written since, so nothing read from it may be shown before the rebuild.
     */
    private static final Request MARKER_CHECK = Request.cmd(Command.EXISTS).arg(LeaderboardKeys.MARKER);

    /** The boards are being rebuilt (the marker is missing): what Redis holds now is partial. */
    static final class BoardsMissing extends RuntimeException {
        BoardsMissing() {
            super("The leaderboard marker is missing: the boards are partial until they are rebuilt", null, false, false);
        }
    }

    private static void requireMarker(List<Response> responses) {
        if (responses.get(0).toLong() == 0) {
            throw new BoardsMissing();
        }
    }

    /** A member's place: 0-based rank and stored score. */
    record Position(long rank, double score) {
    }

    /** The member's position, or null when it is not on the board. */
    Uni<Position> position(String key, long accountId) {
        String member = Long.toString(accountId);
        return pipeline(List.of(MARKER_CHECK, Request.cmd(Command.ZREVRANK).arg(key).arg(member), Request.cmd(Command.ZSCORE).arg(key).arg(member)))
                .map(r -> {
                    requireMarker(r);
                    return r.get(1) == null ? null : new Position(r.get(1).toLong(), r.get(2).toDouble());
                });
    }

    Uni<Void> ping() {
        return redis.send(Request.cmd(Command.PING)).replaceWithVoid();
    }

    Uni<Boolean> exists(String key) {
        return redis.send(Request.cmd(Command.EXISTS).arg(key)).map(r -> r.toLong() > 0);
    }

    Uni<Void> set(String key, String value) {
        return redis.send(Request.cmd(Command.SET).arg(key).arg(value)).replaceWithVoid();
    }

    /** SET NX PX with the holder's token as value: true when this caller got the lock. */
    Uni<Boolean> lock(String key, String token, Duration ttl) {
        return redis.send(Request.cmd(Command.SET).arg(key).arg(token).arg("NX").arg("PX").arg(Long.toString(ttl.toMillis())))
                .map(r -> r != null);
    }

    private static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
    private static final String RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";

    /** Deletes the lock only while {@code token} holds it (a lock that expired may be another holder's by now). */
    Uni<Boolean> release(String key, String token) {
        return redis.send(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(key).arg(token)).map(r -> r.toLong() == 1);
    }

    /** Extends the lock's lease while {@code token} holds it; false when it does not any more. */
    Uni<Boolean> renew(String key, String token, Duration ttl) {
        return redis.send(Request.cmd(Command.EVAL).arg(RENEW).arg(1).arg(key).arg(token).arg(Long.toString(ttl.toMillis())))
                .map(r -> r.toLong() == 1);
    }

    /**
     * Adds members to the boards' rebuild copies (a board's copy is emptied the first time a rebuild meets it, which
     * {@code met} records): a rebuild fills the copies page by page, then {@link #swapCopies} puts them in place.
     */
    Uni<Void> fillCopies(Map<String, List<Member>> boards, Set<String> met) {
        List<Request> fill = new ArrayList<>();
        for (Map.Entry<String, List<Member>> board : boards.entrySet()) {
            String copy = LeaderboardKeys.rebuildCopy(board.getKey());
            if (met.add(board.getKey())) {
                fill.add(Request.cmd(Command.DEL).arg(copy)); // left over by a rebuild that stopped half-way
            }
            List<Member> members = board.getValue();
            for (int from = 0; from < members.size(); from += 500) {
                Request zadd = Request.cmd(Command.ZADD).arg(copy);
                for (Member m : members.subList(from, Math.min(members.size(), from + 500))) {
                    zadd.arg(Long.toString((long) m.score())).arg(Long.toString(m.accountId()));
                }
                fill.add(zadd);
            }
        }
        return pipeline(fill).replaceWithVoid();
    }

    /**
     * Renames the filled copies of one period's boards over the boards, so a reader sees the old board or the new one,
     * never a half-filled one; the period's boards the rebuild did not meet are deleted.
     */
    Uni<Void> swapCopies(String periodLabel, Set<String> met) {
        return scan(LeaderboardKeys.periodPattern(periodLabel)).chain(existing -> {
            List<Request> swap = new ArrayList<>();
            boolean expires = PeriodClock.periodOf(periodLabel) != Period.ALL_TIME;
            for (String key : met) {
                String copy = LeaderboardKeys.rebuildCopy(key);
                if (expires) {
                    swap.add(expireAt(copy, periodLabel));
                }
                swap.add(Request.cmd(Command.RENAME).arg(copy).arg(key));
            }
            for (String key : existing) {
                if (!met.contains(key) && !key.endsWith(":rebuild")) {
                    swap.add(Request.cmd(Command.DEL).arg(key));
                }
            }
            return pipeline(swap).replaceWithVoid();
        });
    }

    /** On a Redis Cluster, which master serves each slot range (to see a failover); null on a single Redis. */
    Uni<String> slotOwners() {
        return pipelines.slotOwners();
    }

    /** Every key matching the pattern (on a cluster, of every master). */
    Uni<List<String>> scan(String pattern) {
        return pipelines.scan(pattern);
    }

    private Uni<List<Response>> pipeline(List<Request> requests) {
        if (requests.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        if (requests.size() <= PIPELINE) {
            return pipelines.batch(requests);
        }
        Uni<List<Response>> chain = Uni.createFrom().item(new ArrayList<>());
        for (int from = 0; from < requests.size(); from += PIPELINE) {
            List<Request> part = requests.subList(from, Math.min(requests.size(), from + PIPELINE));
            chain = chain.chain(all -> pipelines.batch(part).map(r -> {
                all.addAll(r);
                return all;
            }));
        }
        return chain;
    }

    /** WITHSCORES answers as flat pairs (RESP2) or as [member, score] arrays (RESP3). */
    private static List<Member> members(Response response) {
        List<Member> members = new ArrayList<>();
        if (response == null || response.size() == 0) {
            return members;
        }
        if (response.get(0).type() == ResponseType.MULTI) {
            for (Response pair : response) {
                members.add(new Member(pair.get(0).toLong(), pair.get(1).toDouble()));
            }
        } else {
            for (int i = 0; i + 1 < response.size(); i += 2) {
                members.add(new Member(response.get(i).toLong(), response.get(i + 1).toDouble()));
            }
        }
        return members;
    }
}
