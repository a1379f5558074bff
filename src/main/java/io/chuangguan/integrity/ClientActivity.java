package io.chuangguan.integrity;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.PipelineRider;
import io.chuangguan.common.RedisPipelines;
import io.chuangguan.integrity.Flags.Flag;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Which accounts play on one device in a day and from one address in an hour, kept in Redis as sets
 * ({@code cg:seen:{device:<id>}:<day>}, {@code cg:seen:{address:<ip>}:<hour>}) by commands that ride each
 * submission's pipeline (playing is submitting). A set that grows past the allowed number raises SHARED_DEVICE or
 * SHARED_ADDRESS for each account in it. A loopback address (a proxy on the same machine that does not forward the
 * client's) says nothing and is skipped.
 */
@ApplicationScoped
public class ClientActivity {

    private final AppConfig.Integrity rules;
    private final Clock clock;
    private final ZoneId zone;
    private final Flags flags;
    private final Redis redis;
    private final RedisPipelines pipelines;

    public ClientActivity(AppConfig config, Clock clock, Flags flags, Redis redis, RedisPipelines pipelines) {
        this.pipelines = pipelines;
        this.rules = config.integrity();
        this.clock = clock;
        this.zone = config.zone();
        this.flags = flags;
        this.redis = redis;
    }

    private static final Logger LOG = Logger.getLogger(ClientActivity.class);

    /**
     * The commands that note a run of this account from this client (per set SADD, EXPIRE, SCARD), to ride the
     * submission's pipeline; a set found too big is read (SMEMBERS) and flagged in the background.
     */
    public PipelineRider note(long accountId, String deviceId, String address) {
        List<Request> requests = new ArrayList<>();
        List<Watched> watched = new ArrayList<>();
        String account = Long.toString(accountId);
        if (deviceId != null) {
            String day = LocalDate.now(clock.withZone(zone)).toString();
            watched.add(new Watched("SHARED_DEVICE", "device", deviceId, day, "cg:seen:{device:" + deviceId + "}:" + day,
                    rules.accountsPerDevice(), 2 * 86_400));
        }
        if (address != null && !address.startsWith("127.") && !address.equals("::1") && !address.equals("0:0:0:0:0:0:0:1")) {
            String hour = clock.instant().truncatedTo(ChronoUnit.HOURS).toString();
            watched.add(new Watched("SHARED_ADDRESS", "address", address, hour, "cg:seen:{address:" + address + "}:" + hour,
                    rules.accountsPerAddress(), 2 * 3_600));
        }
        for (Watched w : watched) {
            requests.add(Request.cmd(Command.SADD).arg(w.key()).arg(account));
            requests.add(Request.cmd(Command.EXPIRE).arg(w.key()).arg(w.ttlSeconds()));
            requests.add(Request.cmd(Command.SCARD).arg(w.key()));
        }
        if (requests.isEmpty()) {
            return PipelineRider.NONE;
        }
        return new PipelineRider() {
            @Override
            public List<Request> requests() {
                return requests;
            }

            @Override
            public void answered(List<Response> answers) {
                List<Watched> tooBig = new ArrayList<>();
                List<Request> reads = new ArrayList<>();
                for (int i = 0; i < watched.size(); i++) {
                    Response size = answers.get(3 * i + 2);
                    if (size != null && size.toLong() > watched.get(i).allowed()) {
                        tooBig.add(watched.get(i));
                        reads.add(Request.cmd(Command.SMEMBERS).arg(watched.get(i).key()));
                    }
                }
                if (!reads.isEmpty()) {
                    pipelines.batch(reads).subscribe().with(members -> raise(tooBig, members),
                            e -> LOG.warnf("Shared-client check not finished: %s", e.toString()));
                }
            }
        };
    }

    private record Watched(String kind, String what, String client, String when, String key, int allowed, int ttlSeconds) {
    }

    private void raise(List<Watched> tooBig, List<Response> members) {
        List<Flag> found = new ArrayList<>();
        for (int m = 0; m < members.size() && m < tooBig.size(); m++) {
            Watched w = tooBig.get(m);
            Response set = members.get(m);
            if (set == null) {
                continue;
            }
            int count = set.size();
            for (Response member : set) {
                long account = member.toLong();
                found.add(new Flag(account, w.kind(), w.kind() + ":" + account + ":" + w.client() + ":" + w.when(), null,
                        "{\"" + w.what() + "\":\"" + w.client() + "\",\"accounts\":" + count + "}"));
            }
        }
        flags.raiseLater(found);
    }
}
