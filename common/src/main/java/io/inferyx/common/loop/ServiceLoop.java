package io.inferyx.common.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A long-running loop as a {@link SmartLifecycle}: one platform thread runs a short
 * {@link Step} again and again until stopped.
 *
 * <p>A step blocks on Redis (or waits for a due time) instead of spinning. A failing step is
 * logged and the loop pauses before the next try, doubling the pause up to a ceiling, so a
 * Redis outage neither kills the loop nor floods the log. {@link #stop()} lets the current step
 * finish (it runs {@link Step#wakeUp()} so a blocked step returns early), then runs
 * {@link Step#close()} on the loop thread.
 */
public final class ServiceLoop implements SmartLifecycle {

    /** What one turn of the loop does. */
    public interface Step extends AutoCloseable {
        void run() throws Exception;

        /** Called from another thread when the loop is asked to stop: end a blocking wait early. */
        default void wakeUp() {
        }

        /** Called once on the loop thread after the last step: hand back what is held, close connections. */
        @Override
        default void close() {
        }
    }

    public enum State { NEW, RUNNING, STOPPING, STOPPED }

    private static final Logger log = LoggerFactory.getLogger(ServiceLoop.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private final String name;
    private final Step step;
    private final Duration stopTimeout;
    private final Object pauseLock = new Object();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile State state = State.NEW;

    public ServiceLoop(String name, Step step, Duration stopTimeout) {
        this.name = name;
        this.step = step;
        this.stopTimeout = stopTimeout;
    }

    @Override
    public synchronized void start() {
        if (state != State.NEW) {
            return;
        }
        state = State.RUNNING;
        Thread.ofPlatform().name(name).start(this::runUntilStopped);
    }

    private void runUntilStopped() {
        try {
            Duration pause = FIRST_PAUSE;
            while (state == State.RUNNING) {
                pause = turn(pause);
            }
        } finally {
            closeStep();
            state = State.STOPPED;
            stopped.countDown();
        }
    }

    private Duration turn(Duration pause) {
        try {
            step.run();
            return FIRST_PAUSE;
        } catch (Exception e) {
            if (state != State.RUNNING) {
                return pause;
            }
            log.warn("{}: step failed, next try in {} ms: {}", name, pause.toMillis(), e.toString());
            pauseFor(pause);
            return pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }

    /** Waits up to {@code duration}, returning early when the loop is asked to stop. */
    private void pauseFor(Duration duration) {
        synchronized (pauseLock) {
            if (state != State.RUNNING) {
                return;
            }
            try {
                pauseLock.wait(Math.max(1, duration.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeStep() {
        try {
            step.close();
        } catch (RuntimeException e) {
            log.warn("{}: closing failed: {}", name, e.toString());
        }
    }

    @Override
    public void stop() {
        synchronized (this) {
            if (state != State.RUNNING) {
                return;
            }
            state = State.STOPPING;
        }
        synchronized (pauseLock) {
            pauseLock.notifyAll();
        }
        step.wakeUp();
        awaitStopped();
    }

    private void awaitStopped() {
        try {
            if (!stopped.await(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{}: did not stop within {}", name, stopTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    public State state() {
        return state;
    }

    public String name() {
        return name;
    }
}
