package io.inferyx.batcher;

import io.inferyx.common.batch.BatchQueue;
import io.inferyx.common.batch.Forming;
import io.inferyx.common.batch.HolderId;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.testing.RecordingLeases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What one turn of the batcher asks of Redis, against a queue that records the calls. */
class ModelBatcherTest {

    private static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(1);

    @Test
    void whileSealedBatchesWaitForAWorkerItPausesInsteadOfWakingForEachJob() throws Exception {
        RecordingQueue queue = new RecordingQueue(new Forming(3, Duration.ofMillis(10), 1));

        batcher(queue).run();

        assertThat(queue.calls).containsExactly("fill");
    }

    @Test
    void withNoSealedBatchWaitingItWakesForTheNextJobWithinTheTimeLeft() throws Exception {
        RecordingQueue queue = new RecordingQueue(new Forming(3, Duration.ofMillis(10), 0));

        batcher(queue).run();

        assertThat(queue.calls).containsExactly("fill", "await 90ms");
    }

    @Test
    void sealsAFullBatchAtOnce() throws Exception {
        RecordingQueue queue = new RecordingQueue(new Forming(4, Duration.ZERO, 2));

        batcher(queue).run();

        assertThat(queue.calls).containsExactly("fill", "seal");
    }

    private static ModelBatcher batcher(BatchQueue queue) {
        return new ModelBatcher(ModelId.of("mock"), new HolderId("batcher-test"), queue,
                new BatchPolicy(4, Duration.ofMillis(100)), new RecordingLeases(new ArrayList<>()),
                Duration.ofSeconds(30), BLOCK_TIMEOUT,
                Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC), new SimpleMeterRegistry());
    }

    /** Answers every fill with the same forming batch and records what the batcher asked. */
    private static final class RecordingQueue implements BatchQueue {
        final List<String> calls = new ArrayList<>();
        private final Forming forming;

        RecordingQueue(Forming forming) {
            this.forming = forming;
        }

        @Override
        public Forming fill() {
            calls.add("fill");
            return forming;
        }

        @Override
        public int seal(String batchId) {
            calls.add("seal");
            return forming.size();
        }

        @Override
        public void awaitJob(Duration timeout) {
            calls.add("await " + timeout.toMillis() + "ms");
        }

        @Override
        public void close() {
        }
    }
}
