package io.chuangguan.common;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
 * <p>
 * A statement that hangs (a lock held by another transaction, a failover) must not stop every request behind it: a
 * batch that has no answer after {@code timeout} fails its rows with 503 and the next batch goes, and rows beyond
 * {@code maxQueued} waiting are refused at once with 503 instead of piling up in memory.
 * <p>
 * The statements rely on the one-row-per-key rule (their joins and upserts are by key): {@link #requireOneRowPerKey}
 * checks it where a statement is built.
 *
 * @param <I> a row to write or read
 * @param <O> its answer (may be null)
 */
public final class StatementBatcher<I, O> {

    private static final Logger LOG = Logger.getLogger(StatementBatcher.class);

    private final String name;
    private final int maxRows;
    private final Function<I, Object> key;
    private final Function<List<I>, Uni<List<O>>> statement;
    private final Duration timeout;
    private final int maxQueued;
    private final Counter refusals;
    private final Counter timeouts;
    private final ArrayDeque<Pending<I, O>> queue = new ArrayDeque<>();
    private boolean busy;
    private final DistributionSummary rowsPerBatch;
    private final Timer waits;
    private final Timer durations;

    /**
     * @param name the statement's name in logs and metrics
     * @param maxRows the most rows in one statement
     * @param key rows of one key never share a batch; null when they may
     * @param statement runs the rows as one statement; answers one item per row, in the rows' order
     * @param limits how long a statement may take and how many rows may wait
     * @param metrics where refusals and timeouts are counted ({@code chuangguan.batch.refused|timeouts{statement}})
     */
    public StatementBatcher(String name, int maxRows, Function<I, Object> key, Function<List<I>, Uni<List<O>>> statement,
            AppConfig.Batches limits, MeterRegistry metrics) {
        this.name = name;
        this.maxRows = maxRows;
        this.key = key;
        this.statement = statement;
        this.timeout = limits.timeout();
        this.maxQueued = limits.maxQueued();
        this.refusals = metrics.counter("chuangguan.batch.refused", "statement", name);
        this.timeouts = metrics.counter("chuangguan.batch.timeouts", "statement", name);
        metrics.gauge("chuangguan.batch.queued", io.micrometer.core.instrument.Tags.of("statement", name), queue, q -> q.size());
        this.rowsPerBatch = DistributionSummary.builder("chuangguan.batch.rows").tag("statement", name)
                .description("rows per batched statement").register(metrics);
        this.waits = Timer.builder("chuangguan.batch.wait").tag("statement", name)
                .description("how long the oldest row of a batch waited for it to start").register(metrics);
        this.durations = Timer.builder("chuangguan.batch.duration").tag("statement", name)
                .description("a batched statement at the database, answers included").register(metrics);
    }

    /** Fails when two rows share a key: the statement's joins by key would mix their answers. */
    public static <R> void requireOneRowPerKey(List<R> rows, Function<R, Object> key) {
        Set<Object> seen = new HashSet<>(rows.size() * 2);
        for (R row : rows) {
            if (!seen.add(key.apply(row))) {
                throw new IllegalStateException("Two rows of key " + key.apply(row) + " in one batched statement");
            }
        }
    }

    /** A waiting row; its answer goes back on the request's own context, never inside the batch's callback. */
    private record Pending<I, O>(I row, UniEmitter<? super O> emitter, Context context, long queuedAt) {
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
            boolean full;
            synchronized (this) {
                full = queue.size() >= maxQueued;
                if (!full) {
                    queue.add(new Pending<>(row, emitter, Vertx.currentContext(), System.nanoTime()));
                }
            }
            if (full) {
                refusals.increment();
                emitter.fail(RetryLaterException.unavailable("busy", "The server is busy; try again in a moment", 2));
                return;
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
        long started = System.nanoTime();
        rowsPerBatch.record(batch.size());
        waits.record(started - batch.get(0).queuedAt(), TimeUnit.NANOSECONDS);
        execute(batch).onTermination().invoke(() -> durations.record(System.nanoTime() - started, TimeUnit.NANOSECONDS))
                .subscribe().with(ignored -> done(), failure -> done());
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
            if (failure instanceof StatementTimeout timedOut) {
                // running them again would wait on the same lock: every row of the batch gets its 503 now
                timeouts.increment();
                LOG.warn(timedOut.getMessage());
                RetryLaterException busy = RetryLaterException.unavailable("busy",
                        "The database did not answer in time; try again in a moment", 2);
                batch.forEach(pending -> pending.fail(busy));
                return Uni.createFrom().voidItem();
            }
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
        return Uni.createFrom().deferred(() -> statement.apply(rows))
                .ifNoItem().after(timeout).failWith(() -> new StatementTimeout(name, batch.size(), timeout))
                .map(answers -> {
            if (answers.size() != batch.size()) {
                throw new IllegalStateException("A batch of " + batch.size() + " rows got " + answers.size() + " answers");
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(answers.get(i));
            }
            return null;
        });
    }

    /** A batch's statement had no answer in time (it may still be running at the database). */
    static final class StatementTimeout extends RuntimeException {
        StatementTimeout(String name, int rows, Duration timeout) {
            super("Batched statement " + name + " of " + rows + " rows had no answer after " + timeout.toMillis()
                    + " ms (a lock wait or a failover?): its requests are answered 503", null, false, false);
        }
    }
}
