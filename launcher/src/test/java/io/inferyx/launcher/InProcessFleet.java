package io.inferyx.launcher;

import io.inferyx.api.ApiApplication;
import io.inferyx.batcher.BatcherApplication;
import io.inferyx.retry.RetryApplication;
import io.inferyx.worker.WorkerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The four services started in this JVM, each in its own Spring context on random ports, against
 * one Redis and key prefix: the whole pipeline, talking only through Redis, for end-to-end tests.
 */
final class InProcessFleet implements AutoCloseable {

    final ConfigurableApplicationContext api;
    final ConfigurableApplicationContext batcher;
    final ConfigurableApplicationContext worker;
    final ConfigurableApplicationContext retry;

    InProcessFleet(String redisUrl, String prefix, String... properties) {
        List<String> args = new ArrayList<>(List.of("--spring.data.redis.url=" + redisUrl,
                "--inferyx.redis.key-prefix=" + prefix, "--server.port=0"));
        Stream.of(properties).map(p -> "--" + p).forEach(args::add);
        String[] common = args.toArray(String[]::new);
        worker = start(WorkerApplication::builder, common);
        retry = start(RetryApplication::builder, common);
        batcher = start(BatcherApplication::builder, common);
        api = start(ApiApplication::builder, append(common, "--management.server.port=0"));
    }

    private static ConfigurableApplicationContext start(Supplier<SpringApplicationBuilder> builder, String[] args) {
        return builder.get().run(args);
    }

    private static String[] append(String[] args, String extra) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = extra;
        return all;
    }

    int apiPort() {
        return Integer.parseInt(api.getEnvironment().getProperty("local.server.port"));
    }

    @Override
    public void close() {
        Stream.of(api, batcher, worker, retry).parallel().forEach(ConfigurableApplicationContext::close);
    }
}
