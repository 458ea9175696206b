package io.inferyx.common.metrics;

/** Micrometer names of the metrics of DESIGN §7; Prometheus shows dots as underscores. */
public final class MetricNames {

    public static final String QUEUE_SIZE = "inferyx.queue.size";
    public static final String BATCH_SIZE = "inferyx.batch.size";
    public static final String BATCHES_PROCESSED = "inferyx.batches.processed";
    public static final String WORKERS = "inferyx.workers";
    public static final String WORKER_UTILIZATION = "inferyx.worker.utilization";
    public static final String REQUEST_LATENCY = "inferyx.request.latency";
    public static final String QUEUE_WAIT = "inferyx.queue.wait";
    public static final String INFERENCE = "inferyx.inference";
    public static final String RETRIES = "inferyx.retries";
    public static final String RETRY_DELAY = "inferyx.retry.delay";
    public static final String JOBS_FAILED = "inferyx.jobs.failed";
    public static final String JOBS_COMPLETED = "inferyx.jobs.completed";
    public static final String CACHE_HITS = "inferyx.cache.hits";
    public static final String CACHE_MISSES = "inferyx.cache.misses";
    public static final String REQUESTS = "inferyx.requests";

    public static final String TAG_MODEL = "model";
    public static final String TAG_QUEUE = "queue";
    public static final String TAG_STATE = "state";
    public static final String TAG_OUTCOME = "outcome";

    private MetricNames() {
    }
}
