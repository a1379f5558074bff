package io.chuangguan.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Folds submitted attempts into a summary table, in id order, under a watermark ({@code job_watermark.last_id} of
 * the job) that moves in the same transaction as the rows, and an advisory lock so that one instance folds at a
 * time. A chunk goes up to the oldest attempt still open (every attempt before it is final) and at most
 * {@code chunk} attempts further.
 * <p>
 * A job gives the middle of the statement: CTEs that read {@code attempt a} where
 * {@code a.id > (select last_id from w) and a.id <= (select upto from bound) and a.status = 'SUBMITTED'} and write
 * its rows; {@link #statement} puts the watermark's CTEs before them and its upsert after.
 */
public final class AttemptFold {

    /** The id of the {@code $2}-th attempt past the watermark (ids jump at each month's partition: not last_id + $2). */
    private static final String CHUNK_END = "(select coalesce(max(id), (select last_id from w)) from"
            + " (select id from attempt where id > (select last_id from w) order by id limit $2) c)";
    private static final String HEAD = """
            with w as (select coalesce((select last_id from job_watermark where job = $1), 0) as last_id),
            bound as (select least(
                (select coalesce(min(id), 9223372036854775807) - 1 from attempt where status = 'OPEN'),
                %s) as upto),
            """.formatted(CHUNK_END);
    /** A job that keeps the attempts still open aside itself goes past them. */
    private static final String HEAD_PAST_OPEN = """
            with w as (select coalesce((select last_id from job_watermark where job = $1), 0) as last_id),
            bound as (select %s as upto),
            """.formatted(CHUNK_END);
    private static final String TAIL = """
            insert into job_watermark as j (job, last_at, last_id)
            select $1, now(), greatest(upto, (select last_id from w)) from bound
            on conflict (job) do update set last_at = excluded.last_at, last_id = excluded.last_id
            returning last_id - (select last_id from w)
            """;

    private final Pool pool;
    private final String job;
    private final String statement;
    private final int chunk;

    /** {@code ctes}: the job's CTEs, comma-separated, the last without a comma, as the class comment says. */
    public AttemptFold(Pool pool, String job, String ctes, int chunk) {
        this(pool, job, ctes, chunk, true);
    }

    /**
     * {@code stopAtOpen} false: a chunk does not stop at the oldest attempt still open; the job's CTEs must then keep the
     * open attempts of the chunk aside and fold them once they are closed (the union's fold does).
     */
    public AttemptFold(Pool pool, String job, String ctes, int chunk, boolean stopAtOpen) {
        this.pool = pool;
        this.job = job;
        this.statement = (stopAtOpen ? HEAD : HEAD_PAST_OPEN) + ctes + "\n" + TAIL;
        this.chunk = chunk;
    }

    /**
     * Folds up to {@code chunks} chunks, one transaction each; the attempt ids moved past (at least the attempts folded:
     * ids have gaps, and a chunk that crosses into a month's partition moves by up to 10^12).
     */
    public Uni<Long> foldAll(int chunks) {
        return fold().chain(moved -> moved < chunk || chunks <= 1 ? Uni.createFrom().item(moved)
                : foldAll(chunks - 1).map(more -> moved + more));
    }

    /** One chunk; the attempt ids moved past (0 when another instance is folding or nothing is new). */
    public Uni<Long> fold() {
        return pool.withTransaction(c -> c.preparedQuery("select pg_try_advisory_xact_lock(hashtext($1))").execute(Tuple.of(job))
                .chain(locked -> !locked.iterator().next().getBoolean(0) ? Uni.createFrom().item(0L)
                        : c.preparedQuery(statement).execute(Tuple.of(job, chunk)).map(rows -> rows.iterator().next().getLong(0))));
    }
}
