package io.inferyx.common.loop;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ServiceLoopTest {

    @Test
    void runsStepsUntilStoppedThenClosesOnTheLoopThread() {
        AtomicInteger turns = new AtomicInteger();
        AtomicBoolean closedOnLoopThread = new AtomicBoolean();
        ServiceLoop loop = new ServiceLoop("test-loop", new ServiceLoop.Step() {
            @Override
            public void run() {
                turns.incrementAndGet();
            }

            @Override
            public void close() {
                closedOnLoopThread.set(Thread.currentThread().getName().equals("test-loop"));
            }
        }, Duration.ofSeconds(5));

        loop.start();
        await().until(() -> turns.get() > 10);
        loop.stop();

        assertThat(loop.state()).isEqualTo(ServiceLoop.State.STOPPED);
        assertThat(closedOnLoopThread).isTrue();
        int after = turns.get();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> turns.get() == after);
    }

    @Test
    void survivesFailingStepsAndBacksOffBetweenThem() {
        AtomicInteger failures = new AtomicInteger();
        ServiceLoop loop = new ServiceLoop("failing-loop", () -> {
            failures.incrementAndGet();
            throw new IllegalStateException("redis down");
        }, Duration.ofSeconds(5));

        loop.start();
        await().pollDelay(Duration.ofMillis(650)).until(() -> true);
        loop.stop();

        assertThat(failures.get()).as("pauses of 100, 200, 400 ms between tries").isBetween(2, 5);
        assertThat(loop.state()).isEqualTo(ServiceLoop.State.STOPPED);
    }

    @Test
    void stopWakesABlockedStepAndWaitsForIt() throws InterruptedException {
        CountDownLatch blocked = new CountDownLatch(1);
        Pause pause = new Pause();
        ServiceLoop loop = new ServiceLoop("blocking-loop", new ServiceLoop.Step() {
            @Override
            public void run() throws Exception {
                blocked.countDown();
                pause.await(Duration.ofMinutes(5));
            }

            @Override
            public void wakeUp() {
                pause.wake();
            }
        }, Duration.ofSeconds(5));
        loop.start();
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        loop.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(loop.isRunning()).isFalse();
    }
}
