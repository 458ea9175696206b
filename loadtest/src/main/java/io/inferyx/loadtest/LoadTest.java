package io.inferyx.loadtest;

import io.inferyx.loadtest.report.HtmlReport;
import io.inferyx.loadtest.report.JsonReport;
import io.inferyx.loadtest.report.Report;
import io.inferyx.loadtest.report.SummaryTable;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Floods an Inferyx API and reports throughput and submit-to-done latency. The load stops by
 * itself at the end of {@code --duration} or once the last of {@code --requests} is sent; then
 * the requests in flight get at most {@code --drain} to finish, and the rest count as never
 * finished.
 */
public final class LoadTest {

    /** How long requests still running at the end of the drain get to stop once interrupted. */
    private static final Duration ABANDON_GRACE = Duration.ofSeconds(2);

    private final LoadOptions options;
    private final LongSupplier nanoClock = System::nanoTime;

    private final PrintStream progressOut;

    LoadTest(LoadOptions options, PrintStream progressOut) {
        this.options = options;
        this.progressOut = progressOut;
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(execute(args, System.getenv(), System.out, System.err));
    }

    /**
     * The command line without the exit: 0 when the run completed and its reports were written, 1
     * when a report could not be written, 2 for bad options or an API that cannot be loaded.
     */
    static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
            throws InterruptedException {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("loadtest: " + e.getMessage());
            return 2;
        }
        Optional<String> problem = Preflight.problem(options);
        if (problem.isPresent()) {
            err.println("loadtest: " + problem.get());
            return 2;
        }
        Report report = new LoadTest(options, err).run();
        out.println(SummaryTable.markdown(report));
        return write(report, options, err) ? 0 : 1;
    }

    /** Runs the load, waits out the drain, and answers what happened. */
    Report run() throws InterruptedException {
        long start = nanoClock.getAsLong();
        Stats stats = new Stats(start);
        Deadline deadline = new Deadline(nanoClock);
        Client client = new Client(options, stats, deadline, nanoClock);
        Load load = new Load(options, client, start);
        Thread progress = Thread.ofPlatform().daemon().name("loadtest-progress").start(() -> printProgress(stats));
        ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
        try {
            load.drive(senders);
            senders.shutdown();
            load.awaitSendingOver();
            drain(senders, deadline);
        } finally {
            senders.shutdownNow();
            client.close();
            progress.interrupt();
            progressOut.println();
        }
        return stats.report(options.settings(), nanoClock.getAsLong());
    }

    private void drain(ExecutorService senders, Deadline deadline) throws InterruptedException {
        deadline.drainFor(options.drain());
        // long polls sent before the drain may outlast it: they are interrupted rather than waited for
        if (!senders.awaitTermination(options.drain().toNanos(), TimeUnit.NANOSECONDS)) {
            deadline.abandon();
            senders.shutdownNow();
            senders.awaitTermination(ABANDON_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void printProgress(Stats stats) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                TimeUnit.SECONDS.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
            progressOut.print("\r" + stats.progress(nanoClock.getAsLong()));
        }
    }

    private static boolean write(Report report, LoadOptions options, PrintStream err) {
        try {
            if (options.reportJson().isPresent()) {
                JsonReport.write(report, options.reportJson().get());
                err.println("loadtest: wrote " + options.reportJson().get());
            }
            if (options.reportHtml().isPresent()) {
                HtmlReport.write(report, options.reportHtml().get());
                err.println("loadtest: wrote " + options.reportHtml().get());
            }
            return true;
        } catch (IOException e) {
            err.println("loadtest: could not write the report: " + e.getMessage());
            return false;
        }
    }
}
