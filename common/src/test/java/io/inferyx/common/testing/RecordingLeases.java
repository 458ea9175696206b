package io.inferyx.common.testing;

import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.job.ModelId;

import java.time.Duration;
import java.util.List;

/**
 * {@link Leases} without Redis for unit tests of a holder's loop: adds "acquire", "renew" and
 * "release" to the given list, in the order they happen, beside whatever else the test records
 * there. A release hands back one holder and no jobs; there is never a sweep to lead.
 */
public final class RecordingLeases implements Leases {

    private final List<String> events;

    public RecordingLeases(List<String> events) {
        this.events = events;
    }

    @Override
    public void acquire(ModelId model, HolderId holder, Duration ttl) {
        events.add("acquire");
    }

    @Override
    public void renew(ModelId model, HolderId holder, Duration ttl) {
        events.add("renew");
    }

    @Override
    public Recovered release(ModelId model, HolderId holder) {
        events.add("release");
        return new Recovered(1, 0, 0);
    }

    @Override
    public boolean leadSweep(HolderId holder, Duration ttl) {
        return false;
    }

    @Override
    public Recovered sweep(ModelId model) {
        return new Recovered(0, 0, 0);
    }
}
