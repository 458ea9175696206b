package io.inferyx.common.batch;

import io.inferyx.common.job.ModelId;

import java.util.Locale;
import java.util.Map;

/**
 * How many entries the queues of one model hold right now: the read side of the places a job
 * waits in, for the {@code inferyx_queue_size} gauges (DESIGN §7). Reading changes nothing.
 */
public interface QueueSizes {

    /** The queues a size is reported for, each with its {@code queue} tag. */
    enum Queue {
        /** Job ids waiting to be batched. */
        INFERENCE,
        /** Sealed batches waiting for a worker. */
        BATCHES,
        /** Jobs waiting for their retry to fall due. */
        RETRY,
        /** Jobs that exhausted their retries (dead letters). */
        DEAD;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The size of every {@link Queue} of {@code model}, read in one round trip. */
    Map<Queue, Long> of(ModelId model);
}
