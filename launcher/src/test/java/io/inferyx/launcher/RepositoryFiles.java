package io.inferyx.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files at the root of the repository (the Prometheus configurations, {@code grafana/}). */
final class RepositoryFiles {

    private RepositoryFiles() {
    }

    /** The repository root: the nearest directory up from the working directory with the parent POM and {@code grafana/}. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("grafana"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root with grafana/ above " + Path.of("").toAbsolutePath());
    }
}
