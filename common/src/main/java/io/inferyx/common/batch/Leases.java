package io.inferyx.common.batch;

import io.inferyx.common.job.ModelId;

import java.time.Duration;

/**
 * Leases of the processes that hold work (batchers and workers). A holder acquires its lease
 * before it takes any work and renews it while alive; when the lease lapses, a sweep hands its
 * work back to the model queue.
 */
public interface Leases {

    void acquire(ModelId model, HolderId holder, Duration ttl);

    /** Renews the lease (and the registration, in case a sweep removed it while Redis was away). */
    void renew(ModelId model, HolderId holder, Duration ttl);

    /** Ends a holder's lease and hands back anything it still holds (a clean stop). */
    Recovered release(ModelId model, HolderId holder);

    /** Whether {@code holder} leads the recovery sweep now; takes or renews the lock for {@code ttl}. */
    boolean leadSweep(HolderId holder, Duration ttl);

    /** Hands back the work of every holder of {@code model} whose lease has lapsed. */
    Recovered sweep(ModelId model);

    /** Jobs put back in the queue, and jobs failed because they were recovered too often. */
    record Recovered(int holders, int requeued, int failed) {
        public Recovered plus(Recovered other) {
            return new Recovered(holders + other.holders, requeued + other.requeued, failed + other.failed);
        }
    }
}
