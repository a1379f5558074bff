package io.chuangguan.common;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs many requests' rows of one statement as one statement. While a batch is at the database, the rows that arrive
 * wait and go together as the next batch, so a quiet server sends each row at once and a busy one sends tens in one
 * statement: PostgreSQL's cost per statement (executor start-up, constraint set-up, commit, round trip) is paid once
 * per batch instead of once per row.
 * <p>
 * One batch is at the database at a time, and a batch holds at most one row per {@code key} (a worker): a worker's
 * rows keep their order, and a statement never upserts the same row twice. When a batch fails, each of its rows is run
 * alone, so a bad row fails only its own request. Each request's answer is handed back on its own Vert.x context
 * (and so in its own request scope); a caller off any Vert.x context gets it on the thread that finished the batch.
 *
 * @param <I> a row to write or read
 * @param <O> its answer (may be null)
 */
public final class StatementBatcher<I, O> {

    private final int maxRows;
    private final Function<I, Object> key;
    private final Function<List<I>, Uni<List<O>>> statement;
    private final ArrayDeque<Pending<I, O>> queue = new ArrayDeque<>();
    private boolean busy;

    /**
     * @param maxRows the most rows in one statement
     * @param key rows of one key never share a batch; null when they may
     * @param statement runs the rows as one statement; answers one item per row, in the rows' order
     */
    public StatementBatcher(int maxRows, Function<I, Object> key, Function<List<I>, Uni<List<O>>> statement) {
        this.maxRows = maxRows;
        this.key = key;
        this.statement = statement;
    }

    /** A waiting row; its answer goes back on the request's own context, never inside the batch's callback. */
    private record Pending<I, O>(I row, UniEmitter<? super O> emitter, Context context) {
        void complete(O answer) {
            if (context == null) {
                emitter.complete(answer);
            } else {
                context.runOnContext(v -> emitter.complete(answer));
            }
        }

        void fail(Throwable failure) {
            if (context == null) {
                emitter.fail(failure);
            } else {
                context.runOnContext(v -> emitter.fail(failure));
            }
        }
    }

    /** The row's answer, once the batch it went in has run. */
    public Uni<O> run(I row) {
        return Uni.createFrom().emitter(emitter -> {
            synchronized (this) {
                queue.add(new Pending<>(row, emitter, Vertx.currentContext()));
            }
            next();
        });
    }

    /** Sends the next batch unless one is at the database. */
    private void next() {
        List<Pending<I, O>> batch;
        synchronized (this) {
            if (busy || queue.isEmpty()) {
                return;
            }
            busy = true;
            batch = take();
        }
        execute(batch).subscribe().with(ignored -> done(), failure -> done());
    }

    /** Up to {@link #maxRows} waiting rows in arrival order, skipping a key already taken (it goes next time). */
    private List<Pending<I, O>> take() {
        List<Pending<I, O>> batch = new ArrayList<>(Math.min(queue.size(), maxRows));
        Set<Object> keys = key == null ? null : new HashSet<>();
        for (Iterator<Pending<I, O>> it = queue.iterator(); it.hasNext() && batch.size() < maxRows; ) {
            Pending<I, O> pending = it.next();
            if (keys == null || keys.add(key.apply(pending.row()))) {
                batch.add(pending);
                it.remove();
            }
        }
        return batch;
    }

    private void done() {
        synchronized (this) {
            busy = false;
        }
        next();
    }

    private Uni<Void> execute(List<Pending<I, O>> batch) {
        return runBatch(batch).onFailure().recoverWithUni(failure -> {
            if (batch.size() == 1) {
                batch.get(0).fail(failure);
                return Uni.createFrom().voidItem();
            }
            // one bad row (or a deadlock with another batch) must not fail the others: each goes alone
            List<Uni<Void>> alone = new ArrayList<>(batch.size());
            for (Pending<I, O> pending : batch) {
                alone.add(runBatch(List.of(pending)).onFailure().invoke(pending::fail).onFailure().recoverWithNull());
            }
            return Uni.join().all(alone).andCollectFailures().replaceWithVoid();
        });
    }

    /** Runs the rows as one statement and hands each its answer; fails without answering when the statement fails. */
    private Uni<Void> runBatch(List<Pending<I, O>> batch) {
        List<I> rows = new ArrayList<>(batch.size());
        for (Pending<I, O> pending : batch) {
            rows.add(pending.row());
        }
        return Uni.createFrom().deferred(() -> statement.apply(rows)).map(answers -> {
            if (answers.size() != batch.size()) {
                throw new IllegalStateException("A batch of " + batch.size() + " rows got " + answers.size() + " answers");
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(answers.get(i));
            }
            return null;
        });
    }
}
