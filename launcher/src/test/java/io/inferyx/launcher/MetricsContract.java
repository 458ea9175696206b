package io.inferyx.launcher;

import java.util.List;
import java.util.Set;

/**
 * The metrics of DESIGN §7 as Prometheus shows them: name, {@code # TYPE}, the one service that
 * exports it, and the tags each series carries besides {@code service}.
 */
final class MetricsContract {

    record Metric(String name, String type, FleetService service, Set<String> tags) {

        /** The series whose samples show the metric: {@code _bucket} for a histogram. */
        String sampleName() {
            return type.equals("histogram") ? name + "_bucket" : name;
        }
    }

    static final List<Metric> METRICS = List.of(
            new Metric("inferyx_queue_size", "gauge", FleetService.RETRY, Set.of("queue", "model")),
            new Metric("inferyx_batch_size", "histogram", FleetService.WORKER, Set.of("model")),
            new Metric("inferyx_batches_processed_total", "counter", FleetService.WORKER, Set.of("model")),
            new Metric("inferyx_workers", "gauge", FleetService.WORKER, Set.of("state", "model")),
            new Metric("inferyx_worker_utilization", "gauge", FleetService.WORKER, Set.of("model")),
            new Metric("inferyx_request_latency_seconds", "histogram", FleetService.WORKER, Set.of("model")),
            new Metric("inferyx_queue_wait_seconds", "histogram", FleetService.WORKER, Set.of("model")),
            new Metric("inferyx_inference_seconds", "histogram", FleetService.WORKER, Set.of("model")),
            new Metric("inferyx_retries_total", "counter", FleetService.WORKER, Set.of("model")),
            new Metric("inferyx_retry_delay_seconds", "histogram", FleetService.WORKER, Set.of("model")),
            new Metric("inferyx_jobs_failed_total", "counter", FleetService.WORKER, Set.of("model")),
            new Metric("inferyx_jobs_completed_total", "counter", FleetService.WORKER, Set.of("model")),
            new Metric("inferyx_cache_hits_total", "counter", FleetService.API, Set.of("model")),
            new Metric("inferyx_cache_misses_total", "counter", FleetService.API, Set.of("model")),
            new Metric("inferyx_requests_total", "counter", FleetService.API, Set.of("outcome", "model")));

    /** The {@code queue} tags of {@code inferyx_queue_size}. */
    static final Set<String> QUEUES = Set.of("inference", "batches", "retry", "dead");

    /** The {@code job} names of the Prometheus configurations, one per service. */
    static String job(FleetService service) {
        return "inferyx-" + service.label();
    }

    private MetricsContract() {
    }
}
