package io.inferyx.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's quick start, exactly as printed: its start command brings the fleet up (embedded
 * Redis, generated key), then its curl examples get the answers the README shows.
 */
class ReadmeQuickStartIT {

    private static final Path ROOT = RepositoryFiles.root();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process fleet;

    @AfterEach
    void stopFleet() throws Exception {
        if (fleet != null) {
            fleet.destroy();
            if (!fleet.waitFor(60, TimeUnit.SECONDS)) {
                fleet.descendants().forEach(ProcessHandle::destroyForcibly);
                fleet.destroyForcibly();
            }
        }
        Files.deleteIfExists(ROOT.resolve("answer.json"));
    }

    private static List<String> bashBlocks() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String quickStart = readme.substring(readme.indexOf("## Quick start"));
        Matcher block = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(quickStart);
        List<String> blocks = new ArrayList<>();
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }

    private Process bash(String script) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(ROOT.toFile())
                .redirectErrorStream(true);
        builder.environment().remove("INFERYX_REDIS_URL");
        builder.environment().remove("INFERYX_API_KEYS");
        return builder.start();
    }

    private void collect(Process process) {
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(output::add);
            } catch (IOException e) {
                output.add("(output ended: " + e + ")");
            }
        });
    }

    @Test
    void theQuickStartWorksAsPrinted() throws Exception {
        List<String> blocks = bashBlocks();
        assertThat(blocks.getFirst().strip()).isEqualTo("bin/inferyx-local");

        fleet = bash(blocks.get(0));
        collect(fleet);
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !fleet.isAlive() || output.stream().anyMatch(l -> l.contains("Inferyx is up")));
        assertThat(fleet.isAlive()).as(String.join("\n", output)).isTrue();

        Process curls = bash(blocks.get(1));
        String answers = new String(curls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curls.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(curls.exitValue()).as(answers).isZero();
        assertThat(answers).contains("\"status\":\"queued\"", "\"status\":\"done\"",
                "\"result\":\"[mock] YOUR TEXT HERE\"", "\"cached\":true");
    }
}
