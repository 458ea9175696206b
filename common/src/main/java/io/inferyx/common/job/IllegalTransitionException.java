package io.inferyx.common.job;

/** Thrown when a job is asked to take a step its lifecycle does not allow. */
public class IllegalTransitionException extends IllegalStateException {

    public IllegalTransitionException(JobStatus from, JobEvent event) {
        super("a " + from.wire() + " job cannot " + event.name().toLowerCase() + " (allowed from " + event.sources() + ")");
    }
}
