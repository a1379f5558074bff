package io.chuangguan.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** How a pipeline is cut for a Redis Cluster: by the slot of each request's keys, each slot's requests in order. */
class RedisPipelinesTest {

    @Test
    void requestsGoByTheSlotOfTheirHashTagInTheirOrderAndKeylessOnesWithTheFirst() {
        List<Request> requests = List.of(
                Request.cmd(Command.EXISTS).arg("cg:lb:marker"),
                Request.cmd(Command.ZADD).arg("cg:lb:{TRADE:1:ALL}").arg("GT").arg("5").arg("42"),
                Request.cmd(Command.ZADD).arg("cg:lb:{CITY:7:ALL}").arg("GT").arg("5").arg("42"),
                Request.cmd(Command.PING),
                Request.cmd(Command.ZREVRANK).arg("cg:lb:{TRADE:1:ALL}").arg("42"),
                Request.cmd(Command.EVAL).arg("return 1").arg(1).arg("cg:lb:{TRADE:1:ALL}:rebuild"),
                Request.cmd(Command.ZREVRANK).arg("cg:lb:{CITY:7:ALL}").arg("42"));
        int trade = RedisPipelines.slot(requests.get(1));
        int city = RedisPipelines.slot(requests.get(2));
        assertNotEquals(trade, city, "two boards, two slots (else this test proves nothing)");
        assertEquals(-1, RedisPipelines.slot(requests.get(3)));
        assertEquals(trade, RedisPipelines.slot(requests.get(5)), "a script's key: the board's copy shares its tag");

        Map<Integer, List<Integer>> bySlot = RedisPipelines.bySlot(requests);

        assertEquals(List.of(0, 3), bySlot.get(RedisPipelines.slot(requests.get(0))), "the marker, and PING with the first slot");
        assertEquals(List.of(1, 4, 5), bySlot.get(trade), "the write before its rank read");
        assertEquals(List.of(2, 6), bySlot.get(city));
        assertEquals(3, bySlot.size());
    }
}
