package io.inferyx.api.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One served model in {@code GET /models}: its batching settings, how full its queue is, whether
 * a worker has it loaded, and, for a model of the repository, its repository settings.
 *
 * @param backlog        accepted jobs of the model that have not finished yet
 * @param ready          whether at least one worker process has the model loaded and its pool running
 * @param readyWorkers   how many worker processes have it ready
 * @param type           the repository type ({@code embedding}, {@code sequence-classification}); null for {@code mock}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ModelInfo(
        @JsonProperty("model_id") String modelId,
        @JsonProperty("max_batch_size") int maxBatchSize,
        @JsonProperty("max_wait_ms") long maxWaitMs,
        @JsonProperty("backlog") long backlog,
        @JsonProperty("max_queue_size") int maxQueueSize,
        @JsonProperty("ready") boolean ready,
        @JsonProperty("ready_workers") long readyWorkers,
        @JsonProperty("type") String type,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("aspect") Boolean aspect,
        @JsonProperty("intra_op_threads") Integer intraOpThreads,
        @JsonProperty("min_workers") Integer minWorkers,
        @JsonProperty("max_workers") Integer maxWorkers) {
}
