package io.chuangguan.common;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;

/**
 * The reactive PostgreSQL pool, with long statements prepared once per connection too. The client caches prepared
 * statements, but only those shorter than 2,048 characters: the submission's statement is longer, so PostgreSQL
 * parsed and planned it on every run. (This creator takes the connect options as configured; a credentials provider
 * would need Quarkus's own pool creation.)
 */
@Singleton
public class StatementCachingPool implements PgPoolCreator {

    private static final int STATEMENTS_PER_CONNECTION = 256;
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

    /** The replica's pool (see ReportReads): the union's figures are long statements too. */
    @Singleton
    @ReactiveDataSource("replica")
    public static class Replica extends StatementCachingPool {
    }
}
