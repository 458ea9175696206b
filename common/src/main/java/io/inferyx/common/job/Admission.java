package io.inferyx.common.job;

/** How a submission was admitted, answered atomically by Redis. */
public sealed interface Admission {

    JobId id();

    /** A new job was created and queued. */
    record Accepted(JobId id) implements Admission { }

    /** The same input for the same model finished recently: the cached result, no job run. */
    record Cached(JobId id, String result) implements Admission { }

    /** The same input for the same model is in flight: the request joins that job. */
    record Joined(JobId id) implements Admission { }

    /**
     * A job with this id already exists (a replayed request with the same idempotency key):
     * nothing new was written for it. {@code sameInput} tells whether the replay asked for the
     * same input; when one submission of a request did not, the request is refused whole and each
     * of its submissions answers {@code sameInput} false.
     */
    record Duplicate(JobId id, boolean sameInput) implements Admission { }

    /** The model's backlog has no room for the request's new jobs: nothing was written. */
    record Rejected(JobId id, long backlog) implements Admission { }
}
