package io.inferyx.worker.pool;

import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.job.ModelId;

import java.time.Duration;

/**
 * One worker's lease. The worker acquires and releases it; the pool's heartbeat renews it.
 *
 * <p>Every step is synchronized: a release deletes the lease and then hands the held work back
 * only if the lease is still absent, so a renewal slipping in between would leave that work
 * stranded. Once released, the lease is not renewed again until the worker takes it afresh.
 */
public final class WorkerLease {

    private final Leases leases;
    private final ModelId model;
    private final HolderId holder;
    private final Duration ttl;
    private boolean held;

    public WorkerLease(Leases leases, ModelId model, HolderId holder, Duration ttl) {
        this.leases = leases;
        this.model = model;
        this.holder = holder;
        this.ttl = ttl;
    }

    /** Hands back anything this holder may still hold, then takes the lease afresh. */
    synchronized void reset() {
        release();
        leases.acquire(model, holder, ttl);
        held = true;
    }

    /** Extends the lease while it is held; does nothing once released. */
    synchronized void renew() {
        if (held) {
            leases.renew(model, holder, ttl);
        }
    }

    /** Ends the lease and hands back anything still held (normally nothing). */
    synchronized Leases.Recovered release() {
        held = false;
        return leases.release(model, holder);
    }

    /** How long the lease lasts from its last renewal. */
    Duration ttl() {
        return ttl;
    }

    HolderId holder() {
        return holder;
    }
}
