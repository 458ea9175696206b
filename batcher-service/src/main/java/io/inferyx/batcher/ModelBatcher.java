package io.inferyx.batcher;

import io.inferyx.batcher.BatchPolicy.Hold;
import io.inferyx.batcher.BatchPolicy.Idle;
import io.inferyx.batcher.BatchPolicy.Seal;
import io.inferyx.batcher.BatchPolicy.Wait;
import io.inferyx.common.batch.Batch;
import io.inferyx.common.batch.BatchQueue;
import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.loop.Pause;
import io.inferyx.common.loop.ServiceLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One turn of one model's batcher: top up the forming list from the queue, then seal it, wait
 * on Redis for the next job, or (while sealed batches wait for a worker) pause before looking
 * again. The lease is renewed on the way, so a batcher that dies leaves its forming list to the
 * recovery sweep.
 */
final class ModelBatcher implements ServiceLoop.Step {

    private final ModelId model;
    private final HolderId holder;
    private final BatchQueue queue;
    private final BatchPolicy policy;
    private final Leases leases;
    private final Duration leaseTtl;
    private final Duration blockTimeout;
    private final Clock clock;
    private final Counter batches;
    private final Pause pause = new Pause();
    private Instant leaseRenewedAt = Instant.MIN;

    ModelBatcher(ModelId model, HolderId holder, BatchQueue queue, BatchPolicy policy, Leases leases,
                 Duration leaseTtl, Duration blockTimeout, Clock clock, MeterRegistry meters) {
        this.model = model;
        this.holder = holder;
        this.queue = queue;
        this.policy = policy;
        this.leases = leases;
        this.leaseTtl = leaseTtl;
        this.blockTimeout = blockTimeout;
        this.clock = clock;
        this.batches = Counter.builder("inferyx.batches.formed").tag("model", model.value())
                .description("Batches sealed by the batcher").register(meters);
    }

    @Override
    public void run() throws InterruptedException {
        renewLeaseIfDue();
        switch (policy.decide(queue.fill())) {
            case Seal seal -> sealBatch();
            case Wait wait -> queue.awaitJob(BatchPolicy.shorter(wait.remaining(), blockTimeout));
            case Hold hold -> pause.await(hold.pause());
            case Idle idle -> queue.awaitJob(blockTimeout);
        }
    }

    /** Ends a hold at once when the loop is asked to stop. */
    @Override
    public void wakeUp() {
        pause.wake();
    }

    private void sealBatch() {
        if (queue.seal(Batch.newId()) > 0) {
            batches.increment();
        }
    }

    private void renewLeaseIfDue() {
        Instant now = clock.instant();
        if (Duration.between(leaseRenewedAt, now).compareTo(leaseTtl.dividedBy(3)) >= 0) {
            leases.renew(model, holder, leaseTtl);
            leaseRenewedAt = now;
        }
    }

    /** Hands the forming list back to the queue and ends the lease. */
    @Override
    public void close() {
        try {
            leases.release(model, holder);
        } finally {
            queue.close();
        }
    }
}
