package io.inferyx.common.redis;

import io.inferyx.common.batch.HolderId;
import io.inferyx.common.job.InputDigest;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.ModelId;

/**
 * Every Redis key Inferyx uses, in one place (DESIGN §4).
 *
 * <p>All keys of one model carry the hash tag {@code {model}}, so every script, which only ever
 * touches one model's keys, runs unchanged on Redis Cluster. Scripts that find job ids inside
 * lists build job keys as {@link #jobPrefix(ModelId)} followed by the id.
 */
public final class RedisKeys {

    private final String prefix;

    public RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** Job ids waiting to be batched, newest on the left. */
    public String queue(ModelId model) {
        return keyOf("queue", model);
    }

    /** Batch records waiting for a worker, newest on the left. */
    public String batches(ModelId model) {
        return keyOf("batches", model);
    }

    /** Job ids a batcher is gathering into its next batch. */
    public String forming(ModelId model, HolderId batcher) {
        return keyOf("forming", model) + ":" + batcher;
    }

    /** Batch records one worker holds. */
    public String processing(ModelId model, HolderId worker) {
        return keyOf("processing", model) + ":" + worker;
    }

    /** The lease of one worker or batcher: present while it is alive. */
    public String lease(ModelId model, HolderId holder) {
        return keyOf("lease", model) + ":" + holder;
    }

    /** The holders (workers and batchers) that may hold work of a model, for the recovery sweep. */
    public String holders(ModelId model) {
        return keyOf("holders", model);
    }

    /** Job ids waiting for their retry, scored by due time (server ms). */
    public String retry(ModelId model) {
        return keyOf("retry", model);
    }

    /** A one-element list pushed when a retry is scheduled, to wake the retry service. */
    public String retryWakeUp(ModelId model) {
        return keyOf("retry-wake", model);
    }

    /**
     * The last batch one worker's finish settled (batch id, then how many jobs done, retried,
     * failed), so that a finish sent again after its reply was lost answers with what the first
     * one did. It lives as long as a finished job; it is not removed when the worker stops, as a
     * worker abandoned by its pool may still be sending its finish again.
     */
    public String finishReceipt(ModelId model, HolderId worker) {
        return keyOf("finished", model) + ":" + worker;
    }

    /** Ids of jobs that exhausted their retries. */
    public String dead(ModelId model) {
        return keyOf("dead", model);
    }

    /** How many accepted jobs of a model have not finished: the admission counter. */
    public String backlog(ModelId model) {
        return keyOf("backlog", model);
    }

    public String jobPrefix(ModelId model) {
        return keyOf("job", model) + ":";
    }

    public String job(JobId id) {
        return jobPrefix(id.model()) + id;
    }

    public String cache(ModelId model, InputDigest digest) {
        return keyOf("cache", model) + ":" + digest;
    }

    /** Which job is running a given input now, so identical requests can join it. */
    public String inFlight(ModelId model, InputDigest digest) {
        return inFlightPrefix(model) + digest;
    }

    public String inFlightPrefix(ModelId model) {
        return keyOf("inflight", model) + ":";
    }

    /** Worker processes that have the model loaded, scored by when their mark lapses (ms). */
    public String ready(ModelId model) {
        return keyOf("ready", model);
    }

    /** The lock that makes one retry-service replica at a time run the recovery sweep. */
    public String sweeperLock() {
        return prefix + "sweeper";
    }

    /** Pub/sub channel on which finished job ids are announced. */
    public String finishedChannel() {
        return prefix + "finished";
    }

    private String keyOf(String kind, ModelId model) {
        return prefix + kind + ":{" + model + "}";
    }
}
