package io.chuangguan.common;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.impl.RequestImpl;
import io.vertx.redis.client.impl.ZModem;

/**
 * Pipelines and key scans that a Redis Cluster ({@code quarkus.redis.client-type=cluster}) accepts as a single Redis
 * does. The cluster client sends a pipeline to one node and refuses one whose keys hash to different slots, and a
 * SCAN reaches one node only: here a pipeline goes as one pipeline per slot, all sent at once over one connection to
 * the cluster, each slot's requests in the order given (so a board's write still precedes the rank read after it), and
 * the answers come back in the order asked; a scan walks every master. Against a single Redis both are what they were.
 */
@ApplicationScoped
public class RedisPipelines {

    private final Redis redis;
    private final Vertx vertx;
    private final boolean cluster;
    private final URI firstHost;

    public RedisPipelines(Redis redis, Vertx vertx, @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType,
            @ConfigProperty(name = "quarkus.redis.hosts") String hosts) {
        this.redis = redis;
        this.vertx = vertx;
        this.cluster = "cluster".equalsIgnoreCase(clientType.trim());
        this.firstHost = URI.create(hosts.split(",")[0].trim());
    }

    public boolean cluster() {
        return cluster;
    }

    /** The requests as one pipeline (one per slot on a cluster); the answers in the requests' order. */
    public Uni<List<Response>> batch(List<Request> requests) {
        if (!cluster || requests.size() < 2) {
            return redis.batch(requests);
        }
        Map<Integer, List<Integer>> bySlot = bySlot(requests);
        if (bySlot.size() == 1) {
            return redis.batch(requests);
        }
        return redis.connect().chain(connection -> {
            List<Uni<List<Response>>> parts = new ArrayList<>();
            for (List<Integer> indexes : bySlot.values()) {
                parts.add(connection.batch(indexes.stream().map(requests::get).toList()));
            }
            return Uni.join().all(parts).andFailFast().map(answers -> {
                Response[] inOrder = new Response[requests.size()];
                int part = 0;
                for (List<Integer> indexes : bySlot.values()) {
                    List<Response> answer = answers.get(part++);
                    for (int i = 0; i < indexes.size(); i++) {
                        inOrder[indexes.get(i)] = answer.get(i);
                    }
                }
                return Arrays.asList(inOrder);
            }).eventually(connection::close);
        });
    }

    /** The requests' positions by the slot of their keys; keyless requests (PING) travel with the first slot. */
    static Map<Integer, List<Integer>> bySlot(List<Request> requests) {
        Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
        List<Integer> keyless = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            int slot = slot(requests.get(i));
            if (slot < 0) {
                keyless.add(i);
            } else {
                bySlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(i);
            }
        }
        if (bySlot.isEmpty()) {
            bySlot.put(-1, keyless);
        } else if (!keyless.isEmpty()) {
            List<Integer> first = bySlot.values().iterator().next();
            first.addAll(keyless);
            first.sort(null);
        }
        return bySlot;
    }

    /** The hash slot of the request's keys, -1 without keys (a request over several slots is the cluster's to refuse). */
    static int slot(Request request) {
        List<byte[]> keys = ((RequestImpl) request.getDelegate()).keys();
        return keys == null || keys.isEmpty() ? -1 : ZModem.generate(keys.get(0));
    }

    /** Every key matching the pattern: on a cluster, of every master. */
    public Uni<List<String>> scan(String pattern) {
        if (!cluster) {
            return scan(redis, pattern);
        }
        return masters().onItem().transformToMulti(endpoints -> Multi.createFrom().iterable(endpoints)).onItem().transformToUniAndConcatenate(endpoint -> {
            Redis node = Redis.createClient(vertx, new RedisOptions().setConnectionString(endpoint));
            return scan(node, pattern).eventually(node::close);
        }).collect().asList().map(lists -> lists.stream().flatMap(List::stream).toList());
    }

    private static Uni<List<String>> scan(Redis client, String pattern) {
        List<String> keys = new ArrayList<>();
        return scanFrom(client, "0", pattern, keys).replaceWith(keys);
    }

    private static Uni<Void> scanFrom(Redis client, String cursor, String pattern, List<String> keys) {
        return client.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg("1000")).chain(r -> {
            String next = r.get(0).toString();
            for (Response key : r.get(1)) {
                keys.add(key.toString());
            }
            return "0".equals(next) ? Uni.createFrom().voidItem() : scanFrom(client, next, pattern, keys);
        });
    }

    /** Which master (node id) serves each slot range, as one comparable line; null on a single Redis. */
    public Uni<String> slotOwners() {
        if (!cluster) {
            return Uni.createFrom().nullItem();
        }
        return redis.send(Request.cmd(Command.CLUSTER).arg("SLOTS")).map(slots -> {
            List<String> owners = new ArrayList<>();
            for (Response range : slots) {
                Response master = range.get(2);
                owners.add(range.get(0).toInteger() + "-" + range.get(1).toInteger() + ":" + (master.size() > 2 ? master.get(2).toString() : master.get(1).toString()));
            }
            owners.sort(null);
            return String.join(",", owners);
        });
    }

    /** The masters' addresses from CLUSTER SLOTS, with the scheme and credentials of the configured hosts. */
    private Uni<Set<String>> masters() {
        return redis.send(Request.cmd(Command.CLUSTER).arg("SLOTS")).map(slots -> {
            Set<String> endpoints = new LinkedHashSet<>();
            String userInfo = firstHost.getRawUserInfo() == null ? "" : firstHost.getRawUserInfo() + "@";
            for (Response range : slots) {
                Response master = range.get(2);
                String host = master.get(0).toString();
                endpoints.add(firstHost.getScheme() + "://" + userInfo + (host.isEmpty() ? firstHost.getHost() : host) + ":" + master.get(1).toInteger());
            }
            return endpoints;
        });
    }
}
