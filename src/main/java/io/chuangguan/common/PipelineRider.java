package io.chuangguan.common;

import java.util.ArrayList;
import java.util.List;

import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Redis commands that travel with another feature's pipeline instead of paying a round trip of their own (on this
 * machine a round trip costs the application about a tenth of a millisecond: more than a start's SQL). The pipeline's
 * owner sends {@link #requests()} after its own and hands back their answers; if the pipeline fails, the rider's
 * commands are lost with it, so a rider carries only what may be lost.
 */
public interface PipelineRider {

    PipelineRider NONE = of(List.of());

    List<Request> requests();

    /** The answers to {@link #requests()}, in their order. Runs on the pipeline's thread: hand heavy work on. */
    default void answered(List<Response> answers) {
    }

    static PipelineRider of(List<Request> requests) {
        return () -> requests;
    }

    /** Several riders as one. */
    static PipelineRider all(List<PipelineRider> riders) {
        List<Request> requests = new ArrayList<>();
        for (PipelineRider rider : riders) {
            requests.addAll(rider.requests());
        }
        return new PipelineRider() {
            @Override
            public List<Request> requests() {
                return requests;
            }

            @Override
            public void answered(List<Response> answers) {
                int at = 0;
                for (PipelineRider rider : riders) {
                    int n = rider.requests().size();
                    rider.answered(answers.subList(at, at + n));
                    at += n;
                }
            }
        };
    }
}
