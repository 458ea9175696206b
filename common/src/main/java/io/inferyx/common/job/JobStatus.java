package io.inferyx.common.job;

import java.util.Locale;

/**
 * Where a job is in its lifecycle (DESIGN §3).
 *
 * <pre>
 * queued → batched → running → done
 * running → retrying → queued      (attempts left)
 * running → failed                 (attempts exhausted, or not retryable)
 * batched | running → queued       (recovered from a dead worker)
 * </pre>
 *
 * <p>{@link #apply(JobEvent)} is the one guarded transition. The Redis scripts that move jobs
 * receive the allowed source states and the target state from {@link JobEvent}, so the
 * scripts and this enum cannot disagree.
 */
public enum JobStatus {
    QUEUED, BATCHED, RUNNING, RETRYING, DONE, FAILED;

    /** The next status after {@code event}; throws when the event is not allowed here. */
    public JobStatus apply(JobEvent event) {
        if (!event.sources().contains(this)) {
            throw new IllegalTransitionException(this, event);
        }
        return event.target();
    }

    public boolean isTerminal() {
        return this == DONE || this == FAILED;
    }

    /** The name stored in Redis and shown in the API. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
