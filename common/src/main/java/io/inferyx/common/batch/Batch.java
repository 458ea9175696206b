package io.inferyx.common.batch;

import io.inferyx.common.job.JobId;
import io.inferyx.common.job.ModelId;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A group of jobs of one model that a worker runs together.
 *
 * <p>In Redis a batch is one list element, its {@link #record()}: the batch id followed by the
 * job ids, separated by spaces. Moving that element moves the whole batch atomically.
 */
public record Batch(String id, ModelId model, List<JobId> jobs) {

    public Batch {
        jobs = List.copyOf(jobs);
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public static Batch fromRecord(ModelId model, String record) {
        String[] parts = record.split(" ");
        List<JobId> jobs = Arrays.stream(parts, 1, parts.length).map(JobId::parse).toList();
        return new Batch(parts[0], model, jobs);
    }

    public String record() {
        StringBuilder sb = new StringBuilder(id);
        jobs.forEach(job -> sb.append(' ').append(job));
        return sb.toString();
    }

    public int size() {
        return jobs.size();
    }
}
