package io.chuangguan.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/** The batching itself, with a statement the test answers by hand (the SQL is covered by the challenge tests). */
class StatementBatcherTest {

    /** Records each batch and answers it when the test says so. */
    static final class Statement {
        final List<List<String>> batches = new ArrayList<>();
        final List<CompletableFuture<List<String>>> answers = new ArrayList<>();

        synchronized Uni<List<String>> run(List<String> rows) {
            batches.add(List.copyOf(rows));
            CompletableFuture<List<String>> answer = new CompletableFuture<>();
            answers.add(answer);
            return Uni.createFrom().completionStage(answer);
        }

        /** Answers batch {@code i} with each row upper-cased, or fails it when it holds {@code bad}. */
        void answer(int i, String bad) {
            List<String> rows = batches.get(i);
            if (bad != null && rows.contains(bad)) {
                answers.get(i).completeExceptionally(new IllegalArgumentException("bad row " + bad));
            } else {
                answers.get(i).complete(rows.stream().map(String::toUpperCase).toList());
            }
        }
    }

    private static AppConfig.Batches limits(java.time.Duration timeout, int maxQueued) {
        return new AppConfig.Batches() {
            @Override
            public java.time.Duration timeout() {
                return timeout;
            }

            @Override
            public int maxQueued() {
                return maxQueued;
            }
        };
    }

    private static StatementBatcher<String, String> batcher(int maxRows, java.util.function.Function<String, Object> key,
            java.util.function.Function<List<String>, Uni<List<String>>> statement) {
        return new StatementBatcher<>("test", maxRows, key, statement, limits(java.time.Duration.ofMinutes(1), 1000),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /** Hands a row to the batcher; its answer arrives when the test answers the batch it went in. */
    private static CompletableFuture<String> send(StatementBatcher<String, String> batcher, String row) {
        return batcher.run(row).subscribeAsCompletionStage().toCompletableFuture();
    }

    @Test
    void rowsArrivingWhileABatchRunsGoTogetherInTheNextAndEachGetsItsOwnAnswer() {
        Statement statement = new Statement();
        StatementBatcher<String, String> batcher = batcher(10, null, statement::run);

        CompletableFuture<String> a = send(batcher, "a");
        CompletableFuture<String> b = send(batcher, "b");
        CompletableFuture<String> c = send(batcher, "c");
        assertEquals(List.of(List.of("a")), statement.batches, "the first row goes at once, the others wait for it");

        statement.answer(0, null);
        assertEquals("A", a.join());
        assertEquals(List.of("b", "c"), statement.batches.get(1));
        statement.answer(1, null);
        assertEquals("B", b.join());
        assertEquals("C", c.join());
        assertEquals(2, statement.batches.size());
    }

    @Test
    void aKeyAppearsOnceInABatchAndItsNextRowWaitsInOrder() {
        Statement statement = new Statement();
        // rows "w1:…" and "w2:…": the worker is the part before the colon
        StatementBatcher<String, String> batcher = batcher(10, row -> row.substring(0, 2), statement::run);

        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (String row : List.of("w1:start", "w1:first", "w2:first", "w1:second", "w2:second")) {
            calls.add(send(batcher, row));
        }
        statement.answer(0, null);
        assertEquals(List.of("w1:first", "w2:first"), statement.batches.get(1));
        statement.answer(1, null);
        assertEquals(List.of("w1:second", "w2:second"), statement.batches.get(2));
        statement.answer(2, null);
        assertEquals(List.of("W1:START", "W1:FIRST", "W2:FIRST", "W1:SECOND", "W2:SECOND"),
                calls.stream().map(CompletableFuture::join).toList());
    }

    @Test
    void aFailedBatchRunsItsRowsAloneSoOnlyTheBadRowFails() {
        Statement statement = new Statement();
        StatementBatcher<String, String> batcher = batcher(10, null, statement::run);

        CompletableFuture<String> first = send(batcher, "first");
        CompletableFuture<String> good = send(batcher, "good");
        CompletableFuture<String> bad = send(batcher, "bad");
        CompletableFuture<String> also = send(batcher, "also");
        statement.answer(0, null);
        assertEquals(List.of("good", "bad", "also"), statement.batches.get(1));
        statement.answer(1, "bad");
        // the three rows went again, one statement each
        assertEquals(List.of(List.of("good"), List.of("bad"), List.of("also")), statement.batches.subList(2, 5));
        statement.answer(2, "bad");
        statement.answer(3, "bad");
        statement.answer(4, "bad");

        assertEquals("FIRST", first.join());
        assertEquals("GOOD", good.join());
        assertEquals("ALSO", also.join());
        Throwable failure = bad.handle((ok, e) -> e instanceof CompletionException ? e.getCause() : e).join();
        assertInstanceOf(IllegalArgumentException.class, failure);
    }

    @Test
    void aBatchHoldsAtMostMaxRows() {
        Statement statement = new Statement();
        StatementBatcher<String, String> batcher = batcher(3, null, statement::run);
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(send(batcher, "r" + i));
        }
        for (int i = 0; i < 4; i++) {
            statement.answer(i, null);
        }
        assertEquals(List.of(1, 3, 3, 1), statement.batches.stream().map(List::size).toList());
        assertTrue(calls.stream().allMatch(c -> c.isDone() && !c.isCompletedExceptionally()));
        assertEquals("R7", calls.get(7).join());
    }

    @Test
    void aStatementWithoutAnAnswerFailsItsRowsWith503AndTheNextBatchGoes() {
        Statement statement = new Statement();
        StatementBatcher<String, String> batcher = new StatementBatcher<>("test", 10, null, statement::run,
                limits(java.time.Duration.ofMillis(200), 1000), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        CompletableFuture<String> hung = send(batcher, "hung");
        CompletableFuture<String> behind = send(batcher, "behind");

        Throwable failure = hung.handle((ok, e) -> e instanceof CompletionException ? e.getCause() : e).join();
        assertInstanceOf(RetryLaterException.class, failure);
        assertEquals(503, ((RetryLaterException) failure).status());
        // the row that waited behind the hung statement went in the next batch
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> statement.batches.size() == 2);
        statement.answer(1, null);
        assertEquals("BEHIND", behind.join());
    }

    @Test
    void rowsBeyondTheQueueBoundAreRefusedAtOnce() {
        Statement statement = new Statement();
        StatementBatcher<String, String> batcher = new StatementBatcher<>("test", 10, null, statement::run,
                limits(java.time.Duration.ofMinutes(1), 3), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        send(batcher, "at-the-database");
        List<CompletableFuture<String>> waiting = List.of(send(batcher, "w1"), send(batcher, "w2"), send(batcher, "w3"));
        CompletableFuture<String> refused = send(batcher, "w4");

        Throwable failure = refused.handle((ok, e) -> e instanceof CompletionException ? e.getCause() : e).join();
        assertInstanceOf(RetryLaterException.class, failure);
        assertEquals(503, ((RetryLaterException) failure).status());
        assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone));
    }

    @Test
    void aStatementRefusesTwoRowsOfOneKey() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> StatementBatcher.requireOneRowPerKey(List.of("a1", "b1", "a2"), row -> row.charAt(0)));
        StatementBatcher.requireOneRowPerKey(List.of("a1", "b1"), row -> row.charAt(0));
    }
}
