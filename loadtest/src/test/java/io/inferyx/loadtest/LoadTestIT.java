package io.inferyx.loadtest;

import io.inferyx.loadtest.report.JsonReport;
import io.inferyx.loadtest.traffic.PlannedSecond;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the tool end to end against {@link FakeApi} and checks its JSON report against the fake's known outcomes. */
class LoadTestIT {

    private static final Map<String, String> ENV = Map.of("INFERYX_API_KEY", FakeApi.KEY);

    private FakeApi api;
    @TempDir
    private Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void startFakeApi() throws IOException {
        api = new FakeApi();
    }

    @AfterEach
    void stopFakeApi() {
        api.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--rate=400", "--concurrency=16"})
    void countsEveryOutcomeExactly(String shape) throws Exception {
        String[] option = shape.split("=");
        JsonNode report = run(option[0], option[1], "--requests", "120");

        assertThat(api.submits()).isEqualTo(120);
        assertTotalsMatchTheFake(report.get("totals"), 120);
        // the never finishing requests were given up at the end of the 2 s drain, long before the 20 s duration
        assertThat(report.at("/totals/duration_s").asDouble()).isBetween(2.0, 5.0);
        assertThat(report.at("/inputs/fresh").asLong() + report.at("/inputs/repeat").asLong()).isEqualTo(120);
    }

    @Test
    void countsEachInputOfARequestOfManyInputs() throws Exception {
        JsonNode report = run("--concurrency", "8", "--requests", "30", "--inputs", "4");

        JsonNode totals = report.get("totals");
        long refused = 4 * expected(30, FakeApi.Outcome.REJECTED);
        long failedRequests = 4 * expected(30, FakeApi.Outcome.ERROR);
        long jobs = 120 - refused - failedRequests;
        assertThat(api.submits()).isEqualTo(30);
        assertThat(api.invalid()).isZero();
        assertThat(totals.get("sent").asLong()).isEqualTo(120);
        assertThat(totals.get("rejected").asLong()).isEqualTo(refused);
        assertThat(totals.get("errors").asLong()).isEqualTo(failedRequests);
        assertThat(totals.get("accepted").asLong()).isEqualTo(jobs);
        assertThat(totals.get("failed").asLong()).isEqualTo(jobsEnding(jobs, FakeApi.Outcome.FAILED));
        assertThat(totals.get("never_finished").asLong()).isEqualTo(jobsEnding(jobs, FakeApi.Outcome.NEVER_FINISHES));
        assertThat(totals.get("done").asLong()).isEqualTo(jobs - totals.get("failed").asLong()
                - totals.get("never_finished").asLong());
        assertThat(report.at("/options/inputs_per_request").asInt()).isEqualTo(4);
    }

    /** How many of the jobs numbered 1 to {@code jobs} end so at the fake. */
    private static long jobsEnding(long jobs, FakeApi.Outcome outcome) {
        return IntStream.rangeClosed(1, (int) jobs).filter(n -> FakeApi.outcome(n) == outcome).count();
    }

    @Test
    void theOriginalProfileSendsItsSeededPlanWithOnlyValidInputs() throws Exception {
        JsonNode report = run("--profile", "original", "--seed", "42", "--duration", "2s");

        int planned = Load.plan(LoadOptions.parse(args("--profile", "original", "--seed", "42", "--duration", "2s"), ENV))
                .stream().mapToInt(PlannedSecond::requests).sum();
        assertThat(api.submits()).isEqualTo(planned);
        assertThat(api.invalid()).isZero();
        assertTotalsMatchTheFake(report.get("totals"), planned);
        long mix = StreamSupport.stream(report.get("inputs").spliterator(), false).mapToLong(JsonNode::asLong).sum();
        assertThat(mix).isEqualTo(planned);
        assertThat(report.at("/inputs/fresh").asLong()).isZero();
    }

    @Test
    void theSeriesAddsUpToTheTotalsAndTheHtmlDrawsIt() throws Exception {
        JsonNode report = run("--rate", "200", "--requests", "60");

        JsonNode totals = report.get("totals");
        assertThat(sum(report, "sent")).isEqualTo(totals.get("sent").asLong());
        assertThat(sum(report, "accepted")).isEqualTo(totals.get("accepted").asLong());
        assertThat(sum(report, "rejected")).isEqualTo(totals.get("rejected").asLong());
        assertThat(sum(report, "errors")).isEqualTo(totals.get("errors").asLong());
        assertThat(sum(report, "completed")).isEqualTo(totals.get("done").asLong() + totals.get("failed").asLong());
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<svg", "data-series=\"completed\"");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("| never finished | " + expected(60, FakeApi.Outcome.NEVER_FINISHES) + " |");
    }

    @Test
    void stopsBeforeTheLoadWhenTheKeyOrTheModelIsWrong() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream ignored = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        int wrongKey = LoadTest.execute(args("--rate", "50", "--url", api.url().toString(), "--key", "wrong"),
                Map.of(), ignored, errors);
        int wrongModel = LoadTest.execute(args("--rate", "50", "--url", api.url().toString(), "--model", "minilm"),
                ENV, ignored, errors);

        assertThat(wrongKey).isEqualTo(2);
        assertThat(wrongModel).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refused the key", "model 'minilm' is not served");
        assertThat(api.submits()).isZero();
    }

    private JsonNode run(String... shape) throws Exception {
        List<String> all = new ArrayList<>(List.of(shape));
        all.addAll(List.of("--url", api.url().toString(), "--drain", "2s", "--wait", "2s",
                "--report-json", dir.resolve("report.json").toString(), "--report-html", dir.resolve("report.html").toString()));
        if (!all.contains("--duration")) {
            all.addAll(List.of("--duration", "20s"));
        }
        int exit = LoadTest.execute(all.toArray(String[]::new), ENV, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(exit).isZero();
        return JsonReport.MAPPER.readTree(dir.resolve("report.json").toFile());
    }

    private static void assertTotalsMatchTheFake(JsonNode totals, int sent) {
        long rejected = expected(sent, FakeApi.Outcome.REJECTED);
        long errors = expected(sent, FakeApi.Outcome.ERROR);
        assertThat(totals.get("sent").asLong()).isEqualTo(sent);
        assertThat(totals.get("rejected").asLong()).isEqualTo(rejected);
        assertThat(totals.get("errors").asLong()).isEqualTo(errors);
        assertThat(totals.get("accepted").asLong()).isEqualTo(sent - rejected - errors);
        assertThat(totals.get("cached").asLong()).isEqualTo(expected(sent, FakeApi.Outcome.CACHED));
        assertThat(totals.get("done").asLong())
                .isEqualTo(expected(sent, FakeApi.Outcome.DONE) + expected(sent, FakeApi.Outcome.CACHED));
        assertThat(totals.get("failed").asLong()).isEqualTo(expected(sent, FakeApi.Outcome.FAILED));
        assertThat(totals.get("never_finished").asLong()).isEqualTo(expected(sent, FakeApi.Outcome.NEVER_FINISHES));
        assertThat(totals.get("result_poll_errors").asLong())
                .isEqualTo(IntStream.rangeClosed(1, sent).filter(FakeApi::firstPollFails).count());
    }

    private static long expected(int sent, FakeApi.Outcome outcome) {
        return IntStream.rangeClosed(1, sent).filter(n -> FakeApi.outcome(n) == outcome).count();
    }

    private static long sum(JsonNode report, String field) {
        return StreamSupport.stream(report.get("series").spliterator(), false).mapToLong(s -> s.get(field).asLong()).sum();
    }

    private static String[] args(String... args) {
        return args;
    }
}
