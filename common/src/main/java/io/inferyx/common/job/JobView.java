package io.inferyx.common.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read of one job hash.
 *
 * @param result the model's output as JSON text, when done
 * @param error  why the job failed or last failed, when it did
 * @param cached whether the result came from the cache without running the model
 */
public record JobView(JobId id, JobStatus status, String result, String error, int attempts, boolean cached,
                      Instant submittedAt, Instant finishedAt) {

    /** The fields of a job hash that {@link #fromHash} reads. */
    public static final List<String> FIELDS =
            List.of("status", "result", "error", "attempts", "cached", "submitted_at", "finished_at");

    /** Builds a view from the fields of a job hash as the scripts write them (those of {@link #FIELDS}). */
    public static JobView fromHash(JobId id, Map<String, String> hash) {
        return new JobView(id,
                JobStatus.fromWire(hash.get("status")),
                hash.get("result"),
                hash.get("error"),
                Integer.parseInt(hash.getOrDefault("attempts", "0")),
                "1".equals(hash.get("cached")),
                millis(hash.get("submitted_at")).orElse(null),
                millis(hash.get("finished_at")).orElse(null));
    }

    private static Optional<Instant> millis(String value) {
        return value == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(value)));
    }
}
