package io.inferyx.api.models;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One served model in {@code GET /models}: its batching settings and how full its queue is.
 *
 * @param backlog accepted jobs of the model that have not finished yet
 */
record ModelInfo(
        @JsonProperty("model_id") String modelId,
        @JsonProperty("max_batch_size") int maxBatchSize,
        @JsonProperty("max_wait_ms") long maxWaitMs,
        @JsonProperty("backlog") long backlog,
        @JsonProperty("max_queue_size") int maxQueueSize) {
}
