package io.chuangguan.integrity;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Raises integrity flags, each finding once (its dedupe key), in one statement however many. */
@ApplicationScoped
public class Flags {

    private static final Logger LOG = Logger.getLogger(Flags.class);

    /** A finding about one account; {@code detail} is a JSON object with its figures. */
    public record Flag(long accountId, String kind, String dedupeKey, Long attemptId, String detail) {
    }

    private final Pool pool;

    public Flags(Pool pool) {
        this.pool = pool;
    }

    /** How many of the flags were new. */
    public Uni<Integer> raise(List<Flag> flags) {
        if (flags.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = flags.size();
        Long[] accounts = new Long[n], attempts = new Long[n];
        String[] kinds = new String[n], keys = new String[n], details = new String[n];
        for (int i = 0; i < n; i++) {
            Flag f = flags.get(i);
            accounts[i] = f.accountId();
            attempts[i] = f.attemptId();
            kinds[i] = f.kind();
            keys[i] = f.dedupeKey();
            details[i] = f.detail();
        }
        return pool.preparedQuery("""
                insert into integrity_flag (account_id, kind, dedupe_key, attempt_id, detail)
                select * from unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[])
                on conflict (dedupe_key) do nothing""")
                .execute(Tuple.of(accounts, kinds, keys, attempts, details))
                .map(result -> result.rowCount())
                .invoke(raised -> {
                    if (raised > 0) {
                        LOG.infof("Raised %d integrity flags (%s)", raised, flags.get(0).kind());
                    }
                });
    }

    /** Raises in the background: a finding must never fail or slow the request that made it. */
    public void raiseLater(List<Flag> flags) {
        if (!flags.isEmpty()) {
            raise(flags).subscribe().with(n -> { }, e -> LOG.warnf("Integrity flags not raised (%s): %s", flags.get(0).kind(), e));
        }
    }
}
