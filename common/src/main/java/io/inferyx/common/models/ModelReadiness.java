package io.inferyx.common.models;

import io.inferyx.common.job.ModelId;

import java.time.Duration;

/**
 * Which models are ready to run: a worker process that has loaded and warmed up a model marks it
 * ready under its own name, and renews the mark while its pool runs; a mark not renewed within
 * its time to live lapses, so a killed worker stops counting on its own.
 */
public interface ModelReadiness {

    /** Marks {@code model} ready in {@code process} for {@code ttl}. */
    void markReady(ModelId model, String process, Duration ttl);

    /** Withdraws the mark of {@code process} (a clean stop). */
    void clear(ModelId model, String process);

    /** How many worker processes have {@code model} ready now. */
    long readyProcesses(ModelId model);
}
