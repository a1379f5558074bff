package io.chuangguan.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Outbox rows whose boards were written right after their submission, deleted in one statement a second instead of
 * one per submission. A row left behind (a crash before the delete) is relayed again later, which is harmless: the
 * boards get absolute totals.
 */
@ApplicationScoped
public class SyncedOutbox {

    private static final Logger LOG = Logger.getLogger(SyncedOutbox.class);
    private static final int MAX_BATCH = 5_000;

    private final Pool pool;
    private final Queue<Long> synced = new ConcurrentLinkedQueue<>();

    public SyncedOutbox(Pool pool) {
        this.pool = pool;
    }

    /** The boards of this attempt are written: its outbox row can go. */
    void synced(long attemptId) {
        synced.add(attemptId);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return flush().onFailure().recoverWithItem(e -> {
            // the rows stay; the relay writes their boards again and deletes them
            LOG.debugf("Synced outbox rows not deleted yet: %s", e.toString());
            return 0;
        }).replaceWithVoid();
    }

    /** Deletes the rows of the attempts synced so far; how many were deleted. */
    public Uni<Integer> flush() {
        List<Long> attempts = new ArrayList<>();
        for (Long id; attempts.size() < MAX_BATCH && (id = synced.poll()) != null; ) {
            attempts.add(id);
        }
        if (attempts.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // a row the relay holds is the relay's to delete: never wait for its lock
        return pool.preparedQuery("delete from leaderboard_outbox where id in (select id from leaderboard_outbox"
                + " where attempt_id = any($1::bigint[]) for update skip locked)")
                .execute(Tuple.of(attempts.toArray(Long[]::new)))
                .map(rows -> rows.rowCount());
    }
}
