package io.chuangguan.integrity;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.common.AppConfig;
import io.chuangguan.integrity.Flags.Flag;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Raises the flags that need a look back over a worker's runs, from the runs submitted since its last pass:
 * <ul>
 * <li>TOO_FAST: a CHALLENGE under the answer-time floor (it was kept, not counted);</li>
 * <li>PERFECT_STREAK: the worker's last {@code perfect-streak} CHALLENGE runs all at 100, each faster than
 * {@code near-floor-factor} times the floor.</li>
 * </ul>
 * It reads only those runs, through partial indexes (the hot path writes nothing else for it), from a minute before
 * its watermark so that a submission committed late is not missed; a finding is raised once (its dedupe key). A pass
 * runs under an advisory lock, so instances take turns. SHARED_DEVICE and SHARED_ADDRESS are raised as attempts start
 * ({@link ClientActivity}), IDENTICAL_ANSWERS as exams are submitted ({@link AnswerCopies}).
 */
@ApplicationScoped
public class IntegrityScanner {

    private static final Logger LOG = Logger.getLogger(IntegrityScanner.class);
    private static final String JOB = "integrity-scan";
    private static final long LOCK = 20260013L;
    private static final int BATCH = 5_000;

    private final Pool pool;
    private final Flags flags;
    private final AppConfig.Integrity rules;
    private final int floorSecondsPerQuestion;
    private final ZoneId zone;

    public IntegrityScanner(Pool pool, Flags flags, AppConfig config) {
        this.pool = pool;
        this.flags = flags;
        this.rules = config.integrity();
        this.floorSecondsPerQuestion = config.challenge().minSecondsPerQuestion();
        this.zone = config.zone();
    }

    @Scheduled(every = "${app.integrity.scan-every:1m}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return scan().onFailure().recoverWithItem(e -> {
            LOG.warnf("Integrity scan failed, the next pass tries again: %s", e.toString());
            return 0;
        }).replaceWithVoid();
    }

    /** One pass; the number of flags raised (0 also when another instance is scanning). */
    public Uni<Integer> scan() {
        return pool.withTransaction(c -> c.query("select pg_try_advisory_xact_lock(" + LOCK + ")").execute().chain(lock -> {
            if (!lock.iterator().next().getBoolean(0)) {
                return Uni.createFrom().item(0);
            }
            return c.preparedQuery("select coalesce((select last_at - interval '1 minute' from job_watermark where job = $1),"
                    + " 'epoch'::timestamptz), now()").execute(Tuple.of(JOB))
                    .chain(window -> {
                        Row w = window.iterator().next();
                        Object from = w.getValue(0);
                        Object to = w.getValue(1);
                        List<Flag> found = new ArrayList<>();
                        return tooFast(c, from, to, found)
                                .chain(() -> perfectStreaks(c, from, to, found))
                                .chain(() -> c.preparedQuery("insert into job_watermark (job, last_at) values ($1, $2)"
                                        + " on conflict (job) do update set last_at = excluded.last_at").execute(Tuple.of(JOB, to)))
                                .chain(() -> flags.raise(found));
                    });
        }));
    }

    private Uni<Void> tooFast(SqlConnection c, Object from, Object to, List<Flag> found) {
        return c.preparedQuery("""
                select id, account_id, elapsed_ms, total from attempt
                where counted = false and submitted_at > $1 and submitted_at <= $2 and mode = 'CHALLENGE'
                order by submitted_at limit $3""")
                .execute(Tuple.of(from, to, BATCH))
                .invoke(rows -> {
                    for (Row r : rows) {
                        long attempt = r.getLong(0);
                        Integer elapsed = r.getInteger(2);
                        found.add(new Flag(r.getLong(1), "TOO_FAST", "TOO_FAST:" + attempt, attempt,
                                "{\"elapsedSeconds\":" + (elapsed == null ? "null" : String.format(java.util.Locale.ROOT, "%.1f", elapsed / 1000.0))
                                        + ",\"floorSeconds\":" + floorSecondsPerQuestion * r.getInteger(3) + "}"));
                    }
                }).replaceWithVoid();
    }

    /** Workers with a perfect run near the floor: their last runs (from their index), each against its own floor. */
    private Uni<Void> perfectStreaks(SqlConnection c, Object from, Object to, List<Flag> found) {
        int streak = rules.perfectStreak();
        if (floorSecondsPerQuestion == 0 || streak < 1) {
            return Uni.createFrom().voidItem();
        }
        long factor = (long) rules.nearFloorFactor() * floorSecondsPerQuestion * 1000L;
        return c.preparedQuery("""
                select distinct account_id from attempt
                where score = 100 and mode = 'CHALLENGE' and submitted_at > $1 and submitted_at <= $2 and elapsed_ms < $3 * total
                limit $4""")
                .execute(Tuple.of(from, to, factor, BATCH))
                .chain(rows -> {
                    Set<Long> suspects = new HashSet<>();
                    rows.forEach(r -> suspects.add(r.getLong(0)));
                    if (suspects.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return c.preparedQuery("""
                            select s.account_id, max(r.id), bool_and(r.score = 100 and r.elapsed_ms < $3 * r.total), count(*)
                            from unnest($1::bigint[]) as s(account_id)
                            cross join lateral (select a.id, a.score, a.elapsed_ms, a.total from attempt a
                                                where a.account_id = s.account_id and a.mode = 'CHALLENGE' and a.status = 'SUBMITTED'
                                                order by a.started_at desc limit $2) r
                            group by s.account_id""")
                            .execute(Tuple.of(suspects.toArray(Long[]::new), streak, factor))
                            .invoke(streaks -> {
                                for (Row r : streaks) {
                                    if (Boolean.TRUE.equals(r.getBoolean(2)) && r.getLong(3) >= streak) {
                                        long account = r.getLong(0);
                                        found.add(new Flag(account, "PERFECT_STREAK", "PERFECT_STREAK:" + account + ":" + LocalDate.now(zone),
                                                r.getLong(1), "{\"runs\":" + streak + ",\"score\":100,\"eachUnderSeconds\":\"" + rules.nearFloorFactor()
                                                        + " × floor\"}"));
                                    }
                                }
                            }).replaceWithVoid();
                });
    }
}
