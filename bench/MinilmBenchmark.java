import io.inferyx.api.ApiApplication;
import io.inferyx.batcher.BatcherApplication;
import io.inferyx.retry.RetryApplication;
import io.inferyx.worker.WorkerApplication;
import io.inferyx.worker.model.onnx.SentenceEncoder;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * minilm throughput, raw versus served, in one run on this machine (see bench/README.md).
 *
 * <p>1. Raw: ONNX Runtime in process (the worker's own SentenceEncoder, tokenization included),
 * for each worker count and batch size (single-threaded sessions), sentences per second; the
 * best is the ceiling. 2. Served: the four services in this JVM against Redis, minilm set to the
 * best worker count and the largest batch size, flooded through POST /infer by many concurrent clients;
 * completed requests per second. Prints both and their ratio.
 */
public class MinilmBenchmark {

    static final String KEY = "bench-key";
    static double lastCpuMsPerItem;

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static io.lettuce.core.api.sync.RedisCommands<String, String> benchRedis;

    /**
     * {@code call} on the bench's own connection to {@code redis}, opened once: a client made per
     * call started and stopped Netty event loops at the edges of every measurement, and left the
     * JIT compiling that code inside the window.
     */
    static synchronized <T> T withRedis(String redis,
                                        java.util.function.Function<io.lettuce.core.api.sync.RedisCommands<String, String>, T> call) {
        if (benchRedis == null) {
            benchRedis = io.lettuce.core.RedisClient.create(redis).connect().sync();
        }
        return call.apply(benchRedis);
    }

    /** The fields of one section of Redis's INFO, by name. */
    static java.util.Map<String, String> info(String redis, String section) {
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        for (String line : withRedis(redis, r -> r.info(section)).split("\\r?\\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    /** Removes what the served run left in Redis under its own prefix. */
    static void deleteKeys(String redis, String prefix) {
        withRedis(redis, sync -> {
            io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
            do {
                var page = sync.scan(cursor, io.lettuce.core.ScanArgs.Builder.matches(prefix + "*").limit(1000));
                if (!page.getKeys().isEmpty()) {
                    sync.del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return null;
        });
    }

    static java.util.Map<Long, Long> threadCpu() {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<Long, Long> cpu = new java.util.HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            cpu.put(id, mx.getThreadCpuTime(id));
        }
        return cpu;
    }

    /** The platform threads that used the most CPU in the window (virtual threads show as their carriers). */
    static void printTopThreads(java.util.Map<Long, Long> before, java.util.Map<Long, Long> after) {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted(java.util.Map.Entry.<Long, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> {
                    var info = mx.getThreadInfo(e.getKey());
                    System.out.printf("  %6.0f ms  %s%n", e.getValue() / 1e6, info == null ? "?" : info.getThreadName());
                });
    }

    /**
     * The model the served run floods: minilm, or (for what the pipeline alone costs)
     * {@code -Dbench.model=mock -Dbench.args="--inferyx.models.mock.base-latency=0ms ..."}.
     */
    static final String MODEL = System.getProperty("bench.model", "minilm");

    /**
     * One way to load the served fleet: {@code clients} sentences in flight, {@code inputs} per
     * request ({@code "input"} when 1, else an {@code "inputs"} array), so {@code clients / inputs}
     * connections each with one request out at a time.
     */
    record Load(int clients, int inputs) {
        int connections() {
            return Math.max(1, clients / inputs);
        }

        String unit() {
            return inputs == 1 ? "requests" : "sentences";
        }

        @Override
        public String toString() {
            return inputs == 1 ? "clients=" + clients
                    : "clients=" + clients + " (" + connections() + " connections x " + inputs + " inputs)";
        }
    }

    /** Every client count of {@code -Dbench.clients=} at every request size of {@code -Dbench.inputs=1,16}. */
    static List<Load> loads() {
        List<Load> loads = new ArrayList<>();
        for (String inputs : System.getProperty("bench.inputs", "1,16").split(",")) {
            for (int clients : clientCounts()) {
                loads.add(new Load(clients, Integer.parseInt(inputs.trim())));
            }
        }
        return loads;
    }
    static final String MAX_WAIT = System.getProperty("bench.max-wait", "50ms");
    static final double SECONDS = Double.parseDouble(System.getProperty("bench.seconds", "8"));
    /**
     * Four fresh Spring contexts in one JVM need a while before C2 has compiled their hot paths:
     * with the model saturating both cores, C2 still compiled 50-100 methods per 10 s after 70 s.
     */
    static final double WARM_UP = Double.parseDouble(System.getProperty("bench.warm-up", "120"));
    /**
     * The served warm-up goes on past {@link #WARM_UP}, 10 s at a time, until the JIT is quiet (it
     * compiled for less than {@link #JIT_QUIET_MS} in each of three 10 s windows in a row) or this
     * many seconds have passed.
     * The JIT's work depends on how many requests ran, not on how long: where the model is slow the
     * fleet serves fewer requests per second and needs longer.
     */
    static final double WARM_UP_MAX = Double.parseDouble(System.getProperty("bench.warm-up-max", "600"));
    static final long JIT_QUIET_MS = Long.getLong("bench.jit-quiet-ms", 100);

    public static void main(String[] args) throws Exception {
        String redis = System.getenv().getOrDefault("INFERYX_REDIS_URL", "redis://127.0.0.1:6379");
        if (System.getProperty("bench.floor") != null) {
            Floor.run(redis, Integer.parseInt(System.getProperty("bench.floor").trim()));
            System.exit(0);
        }
        int[] workerCounts = {1, 2};
        int[] batchSizes = {4, 8, 16};
        if (Pinning.ON) { // the model gets the last core and one worker; everything else the other cores
            workerCounts = new int[] {1};
            Pinning.all(Pinning.OTHERS);
            System.out.printf("== pinned: model threads on CPU %s, every other thread (and a local Redis) on CPU %s%n",
                    Pinning.MODEL_CPU, Pinning.OTHERS);
        }
        if (System.getProperty("bench.only") != null) { // e.g. -Dbench.only=2x8: one setting
            String[] wb = System.getProperty("bench.only").split("x");
            workerCounts = new int[] {Integer.parseInt(wb[0])};
            batchSizes = new int[] {Integer.parseInt(wb[1])};
        }

        System.out.printf("== raw ONNX Runtime, in process (%d cores, %.0f s per setting)%n",
                Runtime.getRuntime().availableProcessors(), SECONDS);
        double best = 0;
        int bestWorkers = 0;
        int bestBatch = 0;
        try (SentenceEncoder encoder = SentenceEncoder.miniLm(1, 128)) {
            encoder.embed(sentences(0, 16)); // warm-up
            for (int workers : workerCounts) {
                for (int batch : batchSizes) {
                    double rate = raw(encoder, workers, batch);
                    System.out.printf("workers=%d batch=%2d  %7.1f sentences/s  (%.1f ms CPU per sentence)%n",
                            workers, batch, rate, lastCpuMsPerItem);
                    if (rate > best) {
                        best = rate;
                        bestWorkers = workers;
                        bestBatch = batch;
                    }
                }
            }
        }
        System.out.printf("best raw: %.1f sentences/s (workers=%d, batch=%d)%n%n", best, bestWorkers, bestBatch);

        // per sentence the model costs the same at each batch size (the sweep shows it), so "best" is
        // noise; the served fleet takes the largest, which spreads Redis's per-batch work widest
        int servedBatch = Integer.getInteger("bench.served-batch", java.util.Arrays.stream(batchSizes).max().orElseThrow());
        // the machine may be shared and its speed drifts by 20 % within minutes: raw is measured
        // again right before and after each served window, and each served window is compared
        // with the raw windows on either side of it
        // what was served, and how: the fleet, the in-memory front (-Dbench.in-memory=true) or both in turn (=both)
        java.util.Map<String, List<Served>> results = new java.util.LinkedHashMap<>();
        try (SentenceEncoder encoder = SentenceEncoder.miniLm(1, 128)) {
            encoder.embed(sentences(0, 16));
            int w = bestWorkers;
            int b = bestBatch;
            java.util.concurrent.Callable<Double> rawNow = () -> raw(encoder, w, b);
            if (InMemory.ON) {
                results.put("through the in-memory HTTP server", InMemory.served(redis, bestWorkers, servedBatch, rawNow));
            }
            if (InMemory.FLEET_TOO) {
                results.put("end to end through the API", served(redis, bestWorkers, servedBatch, rawNow));
            }
        }
        System.out.printf("%n== result%n");
        for (var entry : results.entrySet()) {
            for (Served mode : entry.getValue()) {
                printResult(entry.getKey(), mode, best, bestWorkers, bestBatch);
            }
        }
        System.exit(0);
    }

    /** One request size's ratio: the served rate against the raw windows on either side of it and against all of them. */
    static void printResult(String how, Served mode, double sweepBest, int workers, int batch) {
        double ceiling = (mode.rawBefore() + mode.rawAfter()) / 2;
        double allRaw = mode.raws().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        Load load = mode.load();
        System.out.printf("raw    %.1f sentences/s (workers=%d, batch=%d, 1 intra-op thread each; "
                        + "%.1f just before and %.1f just after the best served window; %.1f in the sweep)%n"
                        + "served %.1f %s/s (%s, %d input%s per request, at saturation: %s)%n"
                        + "ratio  %.1f %% (target >= 85 %%); against the mean of all %d raw windows of the run (%.1f): %.1f %%%n",
                ceiling, workers, batch, mode.rawBefore(), mode.rawAfter(), sweepBest, mode.rate(), load.unit(), how,
                load.inputs(), load.inputs() == 1 ? "" : "s", load, 100 * mode.rate() / ceiling,
                mode.raws().size(), allRaw, 100 * mode.rate() / allRaw);
    }

    /**
     * {@code -Dbench.pin=true} (Linux, taskset): the threads that run the model (raw: {@code model-<n>};
     * served: the worker service's {@code worker-...}) on the last CPU, every other thread of this JVM,
     * and Redis when it runs on this machine, on the others. It shows what the serving stack costs
     * a model that has a core of its own: raw and served then use one worker each.
     */
    static final class Pinning {
        static final boolean ON = Boolean.getBoolean("bench.pin");
        static final int CPUS = Runtime.getRuntime().availableProcessors();
        static final String MODEL_CPU = Integer.toString(CPUS - 1);
        static final String OTHERS = CPUS == 2 ? "0" : "0-" + (CPUS - 2);
        private static String redisPid;

        /** Every thread of this JVM; threads started later inherit their creator's CPUs. */
        static void all(String cpus) throws Exception {
            threads(comm -> true, cpus);
        }

        static void modelThreads() throws Exception {
            if (ON) {
                threads(comm -> comm.startsWith("model-") || comm.startsWith("worker-"), MODEL_CPU);
            }
        }

        /** Redis too, when it runs here (its INFO names its process): it is part of the serving stack. */
        static void redis(String url) throws Exception {
            if (!ON || !(url.contains("127.0.0.1") || url.contains("localhost"))) {
                return;
            }
            redisPid = info(url, "server").get("process_id");
            if (redisPid != null) {
                taskset("-a", OTHERS, redisPid);
            }
        }

        static void releaseRedis() throws Exception {
            if (redisPid != null) {
                taskset("-a", "0-" + (CPUS - 1), redisPid);
            }
        }

        private static void threads(java.util.function.Predicate<String> byName, String cpus) throws Exception {
            List<Path> tasks;
            try (var list = Files.list(Path.of("/proc/self/task"))) {
                tasks = list.toList();
            }
            for (Path task : tasks) {
                String comm;
                try {
                    comm = Files.readString(task.resolve("comm")).trim();
                } catch (java.io.IOException ended) {
                    continue;
                }
                if (byName.test(comm)) {
                    taskset("", cpus, task.getFileName().toString());
                }
            }
        }

        private static void taskset(String all, String cpus, String pid) throws Exception {
            List<String> command = new ArrayList<>(List.of("taskset"));
            if (!all.isEmpty()) {
                command.add(all);
            }
            command.addAll(List.of("-p", "-c", cpus, pid));
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        }
    }

    /** Sentences per second of {@code workers} threads, each embedding batches of {@code batch}. */
    static double raw(SentenceEncoder encoder, int workers, int batch) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int offset = w * 100_000;
            threads.add(Thread.ofPlatform().name("model-" + w).start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    encoder.embed(sentences(offset + i * batch, batch));
                    done.addAndGet(batch);
                }
            }));
        }
        Pinning.modelThreads();
        long start = System.nanoTime();
        long cpu0 = processCpuNanos();
        Thread.sleep((long) (SECONDS * 1000));
        long count = done.get();
        double elapsed = (System.nanoTime() - start) / 1e9;
        lastCpuMsPerItem = (processCpuNanos() - cpu0) / 1e6 / Math.max(count, 1);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return count / elapsed;
    }

    /**
     * The best served window of one request size: its rate and load, the raw rates measured just
     * before and after it, and every raw rate measured beside the served windows.
     */
    record Served(double rate, Load load, double rawBefore, double rawAfter, List<Double> raws) { }

    /**
     * Requests per second completed through the API with minilm at the given settings, at each
     * client count, with {@code rawNow} measured before the first window and after each one (the
     * fleet idle meanwhile). The pool has raw's best worker count, unless
     * {@code -Dbench.served-workers=N}.
     */
    static List<Served> served(String redis, int rawWorkers, int batch, java.util.concurrent.Callable<Double> rawNow)
            throws Exception {
        int workers = Integer.getInteger("bench.served-workers", rawWorkers);
        Path repo = Files.createTempDirectory("inferyx-bench-repo");
        Files.createDirectories(repo.resolve("minilm"));
        Files.writeString(repo.resolve("minilm/model.properties"), """
                type=embedding
                source=builtin:all-minilm-l6-v2-q
                max-length=128
                max-batch-size=%d
                max-wait=%s
                intra-op-threads=1
                workers.min=%d
                workers.max=%d
                """.formatted(batch, MAX_WAIT, workers, workers));
        String prefix = "bench" + System.nanoTime() + ":";
        String[] common = {"--spring.data.redis.url=" + redis, "--inferyx.redis.key-prefix=" + prefix,
                "--server.port=0", "--inferyx.api.keys=" + KEY, "--inferyx.models.served=" + MODEL,
                "--inferyx.models.repository=" + repo, "--inferyx.cache.enabled=false",
                "--inferyx.queue.max-size=100000", "--logging.level.root=WARN",
                "--management.server.port=0"};
        // -Dbench.args="--a=b --c=d": more settings for the whole fleet, for experiments
        String extra = System.getProperty("bench.args", "").trim();
        if (!extra.isEmpty()) {
            common = java.util.stream.Stream.concat(java.util.Arrays.stream(common),
                    java.util.Arrays.stream(extra.split("\\s+"))).toArray(String[]::new);
        }
        System.out.printf("== served through the API (workers=%d, batch=%d, max-wait=%s, Redis %s over %s)%n",
                workers, batch, MAX_WAIT, redis, io.lettuce.core.resource.EpollProvider.isAvailable() ? "epoll" : "NIO");
        List<ConfigurableApplicationContext> fleet = new ArrayList<>();
        fleet.add(start(WorkerApplication::builder, common));
        fleet.add(start(RetryApplication::builder, common));
        fleet.add(start(BatcherApplication::builder, common));
        ConfigurableApplicationContext api = start(ApiApplication::builder, common);
        fleet.add(api);
        int port = Integer.parseInt(api.getEnvironment().getProperty("local.server.port"));
        try {
            List<Load> loads = loads();
            Pinning.modelThreads();
            Pinning.redis(redis);
            warmUp(redis, port, loads); // JIT of four fresh contexts
            return bestOfEachSize(loads, rawNow, load -> measure(fleet.getFirst(), redis, port, load, workers));
        } finally {
            Pinning.releaseRedis();
            fleet.reversed().forEach(ConfigurableApplicationContext::close);
            deleteKeys(redis, prefix);
        }
    }

    /**
     * Floods the fleet for {@link #WARM_UP} seconds, then 10 s at a time until the JIT has been
     * quiet for three windows in a row: it compiles in bursts, so one quiet window proves little.
     * The windows take the measured loads in turn: with fewer clients batches are sealed
     * part-full at max-wait, paths that a warm-up at one count never runs and C2 would compile
     * (or deoptimize and recompile) during the first measurement.
     */
    static void warmUp(String redis, int port, List<Load> loads) throws Exception {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        for (Load load : loads) {
            flood(port, load, WARM_UP / loads.size());
        }
        double elapsed = WARM_UP;
        List<Long> windows = new ArrayList<>();
        int quiet = 0;
        while (quiet < 3 && elapsed < WARM_UP_MAX) {
            long before = jit.getTotalCompilationTime();
            sampleAsMeasured(redis); // the measurement's own code is warm too
            flood(port, loads.get(windows.size() % loads.size()), 10);
            sampleAsMeasured(redis);
            elapsed += 10;
            long compiling = jit.getTotalCompilationTime() - before;
            windows.add(compiling);
            quiet = compiling < JIT_QUIET_MS ? quiet + 1 : 0;
        }
        System.out.printf("warm-up: %.0f s; JIT compiling per 10 s after the first %.0f s: %s ms%n", elapsed, WARM_UP,
                windows);
    }

    private static double rawBeside(java.util.concurrent.Callable<Double> rawNow) throws Exception {
        double rate = rawNow.call();
        System.out.printf("  raw now: %.1f sentences/s (%.1f ms CPU per sentence)%n", rate, lastCpuMsPerItem);
        return rate;
    }

    /** Reads the counters {@link #measure} reads, and drops them. */
    static void sampleAsMeasured(String redis) {
        Counters read = Counters.read(redis, localRedisPid(redis));
        modelThreadsCpuMs(read.threads(), read.threads());
    }

    /** The client counts to measure at, {@code -Dbench.clients=32,64,128}. */
    static int[] clientCounts() {
        return java.util.Arrays.stream(System.getProperty("bench.clients", "32,64,128").split(","))
                .mapToInt(c -> Integer.parseInt(c.trim())).toArray();
    }

    /** One measurement at one load: completed requests (or sentences) per second, and where the CPU went. */
    static double measure(ConfigurableApplicationContext worker, String redis, int port, Load load, int workers)
            throws Exception {
        MeterRegistry registry = worker.getBean(MeterRegistry.class);
        DistributionSummary batches = registry.find("inferyx.batch.size").summary();
        Timer inference = registry.find("inferyx.inference").timer();
        long batchCount0 = batches.count();
        double items0 = batches.totalAmount();
        double inferMs0 = inference.totalTime(TimeUnit.MILLISECONDS);
        return window(redis, port, load, nanos -> {
            long n = batches.count() - batchCount0;
            double inferMs = inference.totalTime(TimeUnit.MILLISECONDS) - inferMs0;
            return String.format("  %d batches, mean size %.1f, mean inference %.1f ms, workers busy ~%.0f %% of the time%n",
                    n, (batches.totalAmount() - items0) / n, inferMs / n, 100 * inferMs / (nanos / 1e6) / workers);
        });
    }

    /**
     * Floods {@code port} at {@code load} for one window and prints its rate, then {@code detail}
     * (what else the window showed, given how many nanoseconds it lasted), then where the CPU
     * went; answers the rate.
     */
    static double window(String redis, int port, Load load, java.util.function.LongFunction<String> detail)
            throws Exception {
        long redisPid = localRedisPid(redis);
        Counters before = Counters.read(redis, redisPid);
        long[] result = flood(port, load, SECONDS);
        Counters after = Counters.read(redis, redisPid);
        double rate = result[0] / (result[1] / 1e9);
        System.out.printf("%s  %d %s done in %.1f s, %d errors  ->  %.1f %s/s%n%s", load, result[0], load.unit(),
                result[1] / 1e9, result[2], rate, load.unit(), detail.apply(result[1]));
        printCpu(before, after, Math.max(result[0], 1), load);
        return rate;
    }

    /** One measured window at one load, answering its rate. */
    interface Window {
        double measure(Load load) throws Exception;
    }

    /**
     * Measures each load in turn, with raw measured before the first window and after each one;
     * answers the best window of each request size, with the raw windows on either side of it
     * and every raw window of the run.
     */
    static List<Served> bestOfEachSize(List<Load> loads, java.util.concurrent.Callable<Double> rawNow, Window window)
            throws Exception {
        List<Double> raws = new ArrayList<>(List.of(rawBeside(rawNow)));
        java.util.Map<Integer, Served> best = new java.util.TreeMap<>(); // inputs per request -> best window
        for (Load load : loads) {
            double rate = window.measure(load);
            raws.add(rawBeside(rawNow));
            Served served = new Served(rate, load, raws.get(raws.size() - 2), raws.getLast(), List.of());
            best.merge(load.inputs(), served, (a, b) -> b.rate() > a.rate() ? b : a);
        }
        List<Served> served = new ArrayList<>();
        for (Served w : best.values()) {
            System.out.printf("best served, %d input(s) per request: %.1f %s/s%n", w.load().inputs(), w.rate(),
                    w.load().unit());
            served.add(new Served(w.rate(), w.load(), w.rawBefore(), w.rawAfter(), List.copyOf(raws)));
        }
        return served;
    }

    /** The counters a measurement window reads at its start and at its end. */
    record Counters(long cpuNanos, double redisSeconds, long[] machine, java.util.Map<Long, Long> threads, long jitMs,
                    long[] jvmSwitches, long[] redisSwitches) {

        static Counters read(String redis, long redisPid) {
            return new Counters(processCpuNanos(), redisCpuSeconds(redis), machineTicks(), threadCpu(),
                    java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime(),
                    switches(ProcessHandle.current().pid()), switches(redisPid));
        }
    }

    /**
     * Where the CPU went between two readings, per item done (a request, or a sentence when
     * requests carry many): the model threads, the rest of this JVM, Redis; how idle the machine
     * was, how long the JIT compiled, and how often threads were switched.
     */
    static void printCpu(Counters a, Counters b, double done, Load load) {
        if (Boolean.getBoolean("bench.threads")) {
            printTopThreads(a.threads(), b.threads());
        }
        double modelMs = modelThreadsCpuMs(a.threads(), b.threads());
        double jvmMs = (b.cpuNanos() - a.cpuNanos()) / 1e6;
        String per = load.inputs() == 1 ? "request" : "sentence";
        System.out.printf("  CPU per " + per + ": %.2f ms model threads, %.2f ms the rest of this JVM (client, server,"
                        + " Lettuce, GC, JIT), %.2f ms Redis; machine idle %.0f %%; JIT compiling %d ms%n"
                        + "  context switches per " + per + ": this JVM %.1f (%.1f preempted), Redis %.1f"
                        + " (%.1f preempted), whole machine %.1f%n",
                modelMs / done, (jvmMs - modelMs) / done, (b.redisSeconds() - a.redisSeconds()) * 1000 / done,
                idlePercent(a.machine(), b.machine()), b.jitMs() - a.jitMs(),
                switched(a.jvmSwitches(), b.jvmSwitches()) / done, (b.jvmSwitches()[1] - a.jvmSwitches()[1]) / done,
                switched(a.redisSwitches(), b.redisSwitches()) / done,
                (b.redisSwitches()[1] - a.redisSwitches()[1]) / done, (b.machine()[2] - a.machine()[2]) / done);
    }

    private static double switched(long[] before, long[] after) {
        return after[0] + after[1] - before[0] - before[1];
    }

    /** CPU of the worker threads that run the model (named {@code ...-<model>-w<n>}) between two samples. */
    static double modelThreadsCpuMs(java.util.Map<Long, Long> before, java.util.Map<Long, Long> after) {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double ms = 0;
        for (var e : after.entrySet()) {
            var info = mx.getThreadInfo(e.getKey());
            if (info != null && info.getThreadName().matches(".*-" + MODEL + "-w\\d+")) {
                ms += (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / 1e6;
            }
        }
        return ms;
    }

    /** Redis's own CPU (user + system) so far, from INFO cpu. */
    static double redisCpuSeconds(String redis) {
        java.util.Map<String, String> cpu = info(redis, "cpu");
        return Double.parseDouble(cpu.get("used_cpu_sys")) + Double.parseDouble(cpu.get("used_cpu_user"));
    }

    /**
     * Idle and total jiffies of the whole machine and its context switches so far, from
     * /proc/stat (zeros where there is none).
     */
    static long[] machineTicks() {
        try {
            List<String> stat = Files.readAllLines(Path.of("/proc/stat"));
            String[] f = stat.getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long switches = stat.stream().filter(line -> line.startsWith("ctxt ")).findFirst()
                    .map(line -> Long.parseLong(line.substring(5).trim())).orElse(0L);
            return new long[] {Long.parseLong(f[4]) + Long.parseLong(f[5]), total, switches};
        } catch (Exception e) {
            return new long[] {0, 0, 0};
        }
    }

    /**
     * Context switches of every thread of process {@code pid} so far, voluntary (it blocked: each
     * is a wake-up later) and not (it was preempted), from /proc; zeros where there is none or
     * the process is gone. Summed over the threads alive now.
     */
    static long[] switches(long pid) {
        long[] sum = new long[2];
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            sum[0] += Long.parseLong(line.substring(24).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            sum[1] += Long.parseLong(line.substring(27).trim());
                        }
                    }
                } catch (java.io.IOException ended) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
        return sum;
    }

    /** The pid of Redis when it runs on this machine (INFO's process_id names a redis process here), else -1. */
    static long localRedisPid(String redis) {
        try {
            long pid = Long.parseLong(info(redis, "server").get("process_id"));
            return Files.readString(Path.of("/proc/" + pid + "/comm")).contains("redis") ? pid : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    static double idlePercent(long[] before, long[] after) {
        long total = after[1] - before[1];
        return total == 0 ? Double.NaN : 100.0 * (after[0] - before[0]) / total;
    }

    /**
     * {@code load.connections()} concurrent loops of POST /infer?wait=30s, each waiting for its
     * result; sentences done, nanos, errors. Each is a thread of {@link #clientThreads} with one
     * keep-alive socket speaking plain HTTP/1.1: the generator shares the cores with the system
     * under test, and the JDK HttpClient cost about as much CPU per request as the API itself.
     */
    static long[] flood(int port, Load load, double seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong serial = new AtomicLong(System.nanoTime());
        long start = System.nanoTime();
        try (ExecutorService pool = clientThreads()) {
            for (int c = 0; c < load.connections(); c++) {
                pool.submit(() -> {
                    try (KeepAliveClient http = new KeepAliveClient(port)) {
                        while (!stop.get()) {
                            String body = body(load.inputs(), serial.getAndAdd(load.inputs()));
                            int status;
                            try {
                                status = http.post("/infer?wait=30s", body);
                            } catch (java.io.IOException e) { // e.g. the server closed the connection: reconnect
                                http.close();
                                status = -1;
                            }
                            if (status == 200 && !stop.get()) {
                                done.addAndGet(load.inputs());
                            } else if (status != 200) {
                                errors.incrementAndGet();
                            }
                        }
                    }
                    return null;
                });
            }
            Thread.sleep((long) (seconds * 1000));
            stop.set(true);
            long elapsed = System.nanoTime() - start;
            long count = done.get();
            return new long[] {count, elapsed, errors.get()};
        }
    }

    /**
     * The load generator's threads: platform threads unless {@code -Dbench.client-threads=virtual}.
     * A platform thread blocked in a socket read is woken by the kernel when the answer arrives; a
     * virtual one parks, and the JDK's poller thread wakes to unpark it on a carrier: two more
     * wake-ups per request that a client on another machine would not charge to this one.
     */
    static ExecutorService clientThreads() {
        return "virtual".equals(System.getProperty("bench.client-threads", "platform"))
                ? Executors.newVirtualThreadPerTaskExecutor()
                : Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("bench-client-", 0).factory());
    }

    /** A request of {@code inputs} sentences, numbered from {@code first}. */
    static String body(int inputs, long first) {
        if (inputs == 1) {
            return "{\"model_id\":\"" + MODEL + "\",\"input\":\"" + sentence(first) + "\"}";
        }
        return "{\"model_id\":\"" + MODEL + "\",\"inputs\":[\"" + String.join("\",\"", sentences(first, inputs)) + "\"]}";
    }

    /**
     * {@code -Dbench.floor=N}: the least a request can cost in this stack on this machine. A bare
     * Spring Boot MVC endpoint (virtual threads, Lettuce) that parses the same JSON, makes N Redis
     * round trips and answers a stored 384-float embedding, flooded by the same clients; prints
     * CPU per request, this JVM (clients included) and Redis. Compare with what serving adds per
     * request above the model in the served run.
     */
    static final class Floor {
        static final String RESULT_KEY = "bench-floor:result";

        static void run(String redis, int roundTrips) throws Exception {
            StringBuilder embedding = new StringBuilder("{\"embedding\":[");
            for (int d = 0; d < 384; d++) {
                embedding.append(d == 0 ? "" : ",").append((float) Math.sin(d) / 19.6f);
            }
            String result = embedding.append("]}").toString();
            withRedis(redis, r -> r.set(RESULT_KEY, result));
            ConfigurableApplicationContext app = new SpringApplicationBuilder(FloorApp.class).run(
                    "--server.port=0", "--spring.threads.virtual.enabled=true", "--logging.level.root=WARN",
                    "--bench.redis=" + redis, "--bench.round-trips=" + roundTrips);
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            try {
                System.out.printf("== floor: bare MVC endpoint, %d Redis round trips, %d-byte answer%n",
                        roundTrips, result.length());
                flood(port, new Load(64, 1), WARM_UP);
                for (int clients : clientCounts()) {
                    long cpu0 = processCpuNanos();
                    double redis0 = redisCpuSeconds(redis);
                    long[] done = flood(port, new Load(clients, 1), SECONDS);
                    double n = Math.max(done[0], 1);
                    System.out.printf("clients=%d  %.0f requests/s, %d errors; CPU per request: %.3f ms this JVM, "
                                    + "%.3f ms Redis%n", clients, done[0] / (done[1] / 1e9), done[2],
                            (processCpuNanos() - cpu0) / 1e6 / n, (redisCpuSeconds(redis) - redis0) * 1000 / n);
                }
            } finally {
                app.close();
                withRedis(redis, r -> r.del(RESULT_KEY));
            }
        }
    }

    /**
     * What the floor and the in-memory front run on: Spring Boot's auto-configuration without the
     * per-request and per-command observations the API also turns off.
     */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.EnableAutoConfiguration(excludeName = {
            "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration",
            "org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration"})
    static class BareWebApp { }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.context.annotation.Import({BareWebApp.class, FloorController.class})
    static class FloorApp {
        @org.springframework.context.annotation.Bean(destroyMethod = "shutdown")
        io.lettuce.core.RedisClient floorRedis(org.springframework.core.env.Environment env) {
            return io.lettuce.core.RedisClient.create(env.getRequiredProperty("bench.redis"));
        }
    }

    @org.springframework.web.bind.annotation.RestController
    static class FloorController {
        private final io.lettuce.core.api.sync.RedisCommands<String, String> redis;
        private final int roundTrips;

        FloorController(io.lettuce.core.RedisClient client, org.springframework.core.env.Environment env) {
            this.redis = client.connect().sync();
            this.roundTrips = Integer.parseInt(env.getRequiredProperty("bench.round-trips"));
        }

        @org.springframework.web.bind.annotation.PostMapping(path = "/infer", produces = "application/json")
        String infer(@org.springframework.web.bind.annotation.RequestBody tools.jackson.databind.JsonNode body) {
            if (!body.path("model_id").isString() || !body.path("input").isString()) {
                throw new IllegalArgumentException("model_id and input are required");
            }
            String result = "";
            for (int i = 0; i < roundTrips; i++) {
                result = redis.get(Floor.RESULT_KEY);
            }
            return "{\"status\":\"done\",\"result\":" + result + "}";
        }
    }

    /**
     * {@code -Dbench.in-memory=true} (in place of the fleet) or {@code =both} (before the fleet, in
     * the same run): the least any HTTP front to this model could cost. One Spring MVC endpoint in
     * this JVM (Tomcat, virtual threads, as the API) hands each input to model threads through an
     * in-memory queue; each thread takes what waits, up to the batch size, runs the worker's own
     * {@code EmbeddingModel} and answers the waiting requests with its JSON. No Redis, no job
     * record, nothing survives a crash: it measures the HTTP part of the serving cost alone,
     * flooded and compared with raw as the fleet is.
     */
    static final class InMemory {
        private static final String MODE = System.getProperty("bench.in-memory", "false");
        /** Whether the in-memory front is measured ({@code true} or {@code both}). */
        static final boolean ON = MODE.equals("true") || MODE.equals("both");
        /** Whether the fleet is measured too ({@code both}) or instead ({@code false}, the default). */
        static final boolean FLEET_TOO = !MODE.equals("true");

        static List<Served> served(String redis, int workers, int batch, java.util.concurrent.Callable<Double> rawNow)
                throws Exception {
            System.out.printf("== in memory: one HTTP endpoint batching in this JVM's memory (workers=%d, batch=%d),"
                    + " no Redis%n", workers, batch);
            try (SentenceEncoder encoder = SentenceEncoder.miniLm(1, 128);
                 Batcher batcher = new Batcher(new io.inferyx.worker.model.onnx.EmbeddingModel(
                         io.inferyx.common.job.ModelId.of(MODEL), encoder, false), workers, batch);
                 ConfigurableApplicationContext app = new SpringApplicationBuilder(InMemoryApp.class)
                         .initializers(context -> context.getBeanFactory().registerSingleton("batcher", batcher))
                         .run("--server.port=0", "--spring.threads.virtual.enabled=true",
                                 "--logging.level.root=WARN", "--spring.main.banner-mode=off")) {
                int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
                List<Load> loads = loads();
                warmUp(redis, port, loads);
                return bestOfEachSize(loads, rawNow, load -> window(redis, port, load, nanos -> ""));
            }
        }

        /** Model threads named as the worker's ({@code ...-<model>-w<n>}), fed from one queue. */
        static final class Batcher implements AutoCloseable {
            record Pending(String input, java.util.concurrent.CompletableFuture<String> result) { }

            private final java.util.concurrent.LinkedBlockingQueue<Pending> queue = new java.util.concurrent.LinkedBlockingQueue<>();
            private final List<Thread> threads = new ArrayList<>();
            private volatile boolean closed;

            Batcher(io.inferyx.worker.model.InferenceModel model, int workers, int batch) {
                for (int w = 0; w < workers; w++) {
                    threads.add(Thread.ofPlatform().name("inmem-" + MODEL + "-w" + w).start(() -> loop(model, batch)));
                }
            }

            java.util.concurrent.CompletableFuture<String> submit(String input) {
                Pending pending = new Pending(input, new java.util.concurrent.CompletableFuture<>());
                queue.add(pending);
                return pending.result();
            }

            private void loop(io.inferyx.worker.model.InferenceModel model, int batch) {
                while (!closed) {
                    try {
                        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                        if (first != null) {
                            List<Pending> taken = new ArrayList<>(List.of(first));
                            queue.drainTo(taken, batch - 1);
                            run(model, taken);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }

            private static void run(io.inferyx.worker.model.InferenceModel model, List<Pending> taken) {
                try {
                    var outputs = model.infer(taken.stream().map(Pending::input).toList());
                    for (int i = 0; i < taken.size(); i++) {
                        taken.get(i).result().complete(
                                ((io.inferyx.worker.model.ModelOutput.Success) outputs.get(i)).resultJson());
                    }
                } catch (RuntimeException e) {
                    taken.forEach(p -> p.result().completeExceptionally(e));
                }
            }

            @Override
            public void close() throws InterruptedException {
                closed = true;
                for (Thread t : threads) {
                    t.join();
                }
            }
        }
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.context.annotation.Import({BareWebApp.class, InMemoryController.class})
    static class InMemoryApp { }

    @org.springframework.web.bind.annotation.RestController
    static class InMemoryController {
        private final InMemory.Batcher batcher;

        InMemoryController(InMemory.Batcher batcher) {
            this.batcher = batcher;
        }

        /** One input ({@code "input"}) or many ({@code "inputs"}), answered as the API answers a finished job. */
        @org.springframework.web.bind.annotation.PostMapping(path = "/infer", produces = "application/json")
        String infer(@org.springframework.web.bind.annotation.RequestBody tools.jackson.databind.JsonNode body) {
            if (!body.path("model_id").isString()) {
                throw new IllegalArgumentException("model_id is required");
            }
            if (body.path("input").isString()) {
                return job(batcher.submit(body.path("input").stringValue()).join());
            }
            List<java.util.concurrent.CompletableFuture<String>> results = new ArrayList<>();
            for (int i = 0; i < body.path("inputs").size(); i++) {
                results.add(batcher.submit(body.path("inputs").get(i).stringValue()));
            }
            return results.stream().map(r -> job(r.join()))
                    .collect(java.util.stream.Collectors.joining(",", "{\"jobs\":[", "]}"));
        }

        private static String job(String result) {
            return "{\"status\":\"done\",\"result\":" + result + "}";
        }
    }

    /** A minimal HTTP/1.1 client on one keep-alive connection: status code out, body discarded. */
    static final class KeepAliveClient implements AutoCloseable {
        private final int port;
        private java.net.Socket socket;
        private java.io.InputStream in;
        private java.io.OutputStream out;

        KeepAliveClient(int port) {
            this.port = port;
        }

        int post(String path, String json) throws java.io.IOException {
            if (socket == null) {
                socket = new java.net.Socket("127.0.0.1", port);
                socket.setTcpNoDelay(true);
                in = new java.io.BufferedInputStream(socket.getInputStream(), 16384);
                out = socket.getOutputStream();
            }
            byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            byte[] headBytes = head.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] request = java.util.Arrays.copyOf(headBytes, headBytes.length + body.length);
            System.arraycopy(body, 0, request, headBytes.length, body.length);
            // one write, one segment: a body sent apart makes the server block for it (a timed wait
            // and a poller round), a cost that real clients, and the loadtest tool, do not impose
            out.write(request);
            out.flush();
            return readResponse();
        }

        private int readResponse() throws java.io.IOException {
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = 0;
            boolean close = false;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                skipChunks();
            } else {
                in.readNBytes(length);
            }
            if (close) {
                close();
            }
            return status;
        }

        private void skipChunks() throws java.io.IOException {
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                in.readNBytes(size);
                line();
            }
            line(); // the empty line after the last chunk
        }

        private String line() throws java.io.IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new java.io.EOFException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws java.io.IOException {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }
    }

    private static ConfigurableApplicationContext start(Supplier<SpringApplicationBuilder> builder, String[] args) {
        return builder.get().run(args);
    }

    static final String[] SUBJECTS = {"The company", "Our bank", "The retailer", "A carmaker", "The startup",
            "The central bank", "The airline", "A chipmaker", "The insurer", "The utility"};
    static final String[] EVENTS = {"reported higher quarterly revenue", "cut its full-year outlook",
            "announced a new share buyback", "opened a plant in Poland", "named a new chief executive",
            "missed analyst estimates", "raised its dividend again", "faces a regulatory probe",
            "signed a long-term supply deal", "saw demand weaken in Europe"};

    /**
     * A distinct, realistic sentence per number, of 22.5 tokens on average whatever the number: raw
     * and served embed different numbers, and a reference written out in full made the served
     * inputs (numbered from the clock) 27 tokens long against 21, which cost the model 20 % more.
     */
    static String sentence(long n) {
        return SUBJECTS[(int) (n % SUBJECTS.length)] + " " + EVENTS[(int) ((n / 10) % EVENTS.length)]
                + " in week " + (n / 100 % 52 + 1) + " of year " + (2000 + n / 5200 % 30)
                + " (ref " + String.format("%05d", n % 100_000) + ").";
    }

    static List<String> sentences(long from, int count) {
        List<String> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(sentence(from + i));
        }
        return list;
    }
}
