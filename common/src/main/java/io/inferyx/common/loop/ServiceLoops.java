package io.inferyx.common.loop;

import org.springframework.context.SmartLifecycle;

import java.util.List;

/** Several {@link ServiceLoop}s started and stopped together with the application; stops run in parallel. */
public final class ServiceLoops implements SmartLifecycle {

    private final List<ServiceLoop> loops;

    public ServiceLoops(List<ServiceLoop> loops) {
        this.loops = List.copyOf(loops);
    }

    @Override
    public void start() {
        loops.forEach(ServiceLoop::start);
    }

    @Override
    public void stop() {
        loops.parallelStream().forEach(ServiceLoop::stop);
    }

    @Override
    public boolean isRunning() {
        return loops.stream().anyMatch(ServiceLoop::isRunning);
    }
}
