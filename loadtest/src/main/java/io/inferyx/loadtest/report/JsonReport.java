package io.inferyx.loadtest.report;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The run's report as pretty-printed JSON with snake_case names. */
public final class JsonReport {

    /** Also reads a report back, for tools and tests. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private JsonReport() {
    }

    public static String render(Report report) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report);
    }

    /** Writes the report to {@code file}, creating its folder when needed. */
    public static void write(Report report, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(report));
    }
}
