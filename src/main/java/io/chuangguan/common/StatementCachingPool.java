package io.chuangguan.common;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;

/**
 * The reactive PostgreSQL pool, with every statement prepared once per connection. Unprepared, PostgreSQL parses and
 * plans each statement on every run, which was a fifth of its time on the submission path; the client's default
 * only caches statements shorter than 2,048 characters, and the submission's is longer.
 */
@Singleton
public class StatementCachingPool implements PgPoolCreator {

    private static final int STATEMENTS_PER_CONNECTION = 128;
    private static final int LONGEST_STATEMENT = 16_384;

    @Override
    public Pool create(Input input) {
        List<SqlConnectOptions> servers = new ArrayList<>();
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            servers.add(options.setCachePreparedStatements(true)
                    .setPreparedStatementCacheMaxSize(STATEMENTS_PER_CONNECTION)
                    .setPreparedStatementCacheSqlLimit(LONGEST_STATEMENT));
        }
        return PgBuilder.pool().with(input.poolOptions()).connectingTo(servers).using(input.vertx()).build();
    }
}
