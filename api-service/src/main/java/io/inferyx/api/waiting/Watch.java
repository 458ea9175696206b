package io.inferyx.api.waiting;

import io.inferyx.common.job.JobView;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One request waiting, until a deadline, for one job to be announced finished. Closing it
 * forgets the request, so a request that times out leaves nothing behind.
 */
public final class Watch implements AutoCloseable {

    private final String jobId;
    private final long deadline;
    private final long serial;
    private final CompletableFuture<Optional<JobView>> finished = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Consumer<Watch> onClose;

    /**
     * @param deadline when the wait ends, in {@link System#nanoTime()} terms
     * @param serial   unique among watches, to order watches with the same deadline
     */
    Watch(String jobId, long deadline, long serial, Consumer<Watch> onClose) {
        this.jobId = jobId;
        this.deadline = deadline;
        this.serial = serial;
        this.onClose = onClose;
    }

    String jobId() {
        return jobId;
    }

    long deadline() {
        return deadline;
    }

    long serial() {
        return serial;
    }

    /** Ends the wait with the job as read after its announcement, or empty: the waiter reads it itself. */
    void wake(Optional<JobView> view) {
        finished.complete(view);
    }

    /**
     * Waits until the job is announced finished or the deadline passes. Answers the job as read
     * when it was announced; empty when the wait ended without that read (time out, shut down,
     * or the read failed), and then the caller reads the store.
     */
    public Optional<JobView> await() {
        try {
            // untimed: the deadline is kept by WaitDeadlines, which wakes this with empty
            return finished.get();
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
