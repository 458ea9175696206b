package io.inferyx.api.waiting;

import io.inferyx.common.job.JobView;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One request waiting for one job to be announced finished. Closing it forgets the request, so a
 * request that times out leaves nothing behind.
 */
public final class Watch implements AutoCloseable {

    private final String jobId;
    private final CompletableFuture<Optional<JobView>> finished = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Consumer<Watch> onClose;

    Watch(String jobId, Consumer<Watch> onClose) {
        this.jobId = jobId;
        this.onClose = onClose;
    }

    String jobId() {
        return jobId;
    }

    /** Ends the wait with the job as read after its announcement, or empty: the waiter reads it itself. */
    void wake(Optional<JobView> view) {
        finished.complete(view);
    }

    /**
     * Waits until the job is announced finished or {@code timeout} passes. Answers the job as
     * read when it was announced; empty when the wait ended without that read (time out, shut
     * down, or the read failed), and then the caller reads the store.
     */
    public Optional<JobView> await(Duration timeout) {
        try {
            return finished.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            // shutting down: answer with what the store holds now
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a watch is never completed exceptionally", e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
        }
    }
}
