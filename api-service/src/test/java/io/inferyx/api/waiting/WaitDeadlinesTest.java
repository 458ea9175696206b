package io.inferyx.api.waiting;

import io.inferyx.common.loop.ServiceLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class WaitDeadlinesTest {

    private final WaitDeadlines deadlines = new WaitDeadlines(System::nanoTime);
    private final ServiceLoop loop = new ServiceLoop("wait-deadlines-test", deadlines, Duration.ofSeconds(5));
    private final AtomicLong serials = new AtomicLong();
    /** Waits block their thread: give each its own, rather than starve the small common pool. */
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void start() {
        loop.start();
    }

    @AfterEach
    void stop() {
        loop.stop();
        threads.shutdownNow();
    }

    /** A watch ending {@code in} from now, registered with the deadlines; closing it forgets it there. */
    private Watch watchFor(Duration in) {
        Watch watch = new Watch("job", System.nanoTime() + in.toNanos(), serials.incrementAndGet(), deadlines::remove);
        deadlines.add(watch);
        return watch;
    }

    private CompletableFuture<Optional<?>> awaiting(Watch watch) {
        return CompletableFuture.supplyAsync(watch::await, threads);
    }

    @Test
    void endsEachWaitEmptyOnceItsDeadlinePassesAndNotBefore() {
        long start = System.nanoTime();
        var soon = awaiting(watchFor(Duration.ofMillis(150)));
        var later = awaiting(watchFor(Duration.ofMillis(400)));
        var much = awaiting(watchFor(Duration.ofMinutes(5)));

        assertThat(soon).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(Optional.empty());
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
        assertThat(later).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(Optional.empty());
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(400).toNanos());
        assertThat(much).isNotDone();
        loop.stop(); // ends the far wait too
        assertThat(much).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(Optional.empty());
    }

    @Test
    void aWatchEndingSoonerThanAllOthersWakesTheSleeperEarly() {
        var far = awaiting(watchFor(Duration.ofMinutes(5)));
        var near = awaiting(watchFor(Duration.ofMillis(100)));

        assertThat(near).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(Optional.empty());
        assertThat(far).isNotDone();
        loop.stop();
    }

    @Test
    void aWatchClosedBeforeItsDeadlineIsForgottenAndNeverEnded() {
        Watch closed = watchFor(Duration.ofMillis(100));
        var closedWait = awaiting(closed);
        closed.close();
        var marker = awaiting(watchFor(Duration.ofMillis(300)));

        assertThat(marker).succeedsWithin(5, TimeUnit.SECONDS);
        assertThat(closedWait).isNotDone();
        closed.wake(Optional.empty()); // let the waiting thread go
    }

    @Test
    void stoppingEndsTheLoopPromptlyAndEveryPendingWaitWithIt() {
        var pending = awaiting(watchFor(Duration.ofMinutes(5)));

        long start = System.nanoTime();
        loop.stop();

        assertThat(loop.state()).isEqualTo(ServiceLoop.State.STOPPED);
        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(4).toNanos());
        assertThat(pending).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(Optional.empty());
    }

    @Test
    void aWakeUpAskedForBeforeTheLoopThreadIsKnownIsNotLost() {
        WaitDeadlines fresh = new WaitDeadlines(System::nanoTime);
        fresh.wakeUp(); // as when stop() comes before the loop thread has reached its first step

        var step = CompletableFuture.runAsync(fresh::run, threads); // nothing pending: would sleep a minute

        assertThat(step).succeedsWithin(5, TimeUnit.SECONDS);
    }
}
