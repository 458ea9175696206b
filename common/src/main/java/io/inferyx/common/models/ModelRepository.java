package io.inferyx.common.models;

import io.inferyx.common.job.ModelId;
import org.springframework.boot.convert.DurationStyle;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The model repository ({@code inferyx.models.repository}, default {@code onnx}): one folder per
 * model, named by the model id, each with a {@code model.properties}. Adding a folder adds a model:
 * every service reads the same folder, the API and the batcher for the settings, the worker for
 * the model files. A folder without {@code model.properties} is ignored; a bad file stops
 * start-up with a message naming the file and the key. A repository folder that does not exist
 * is an empty repository.
 */
public final class ModelRepository {

    public static final String PROPERTY = "inferyx.models.repository";
    public static final String DEFAULT_LOCATION = "onnx";
    public static final String CONFIG_FILE = "model.properties";

    private static final Set<String> TYPES = Set.of(ModelConfig.EMBEDDING, ModelConfig.SEQUENCE_CLASSIFICATION);
    private static final Set<String> KEYS = Set.of("type", "labels", "max-batch-size", "max-wait", "workers.min",
            "workers.max", "intra-op-threads", "max-length", "aspect", "source", "fallback", "embedder", "pooling",
            "normalize", "description");

    private final Path location;
    private final Map<ModelId, ModelConfig> models;

    private ModelRepository(Path location, Map<ModelId, ModelConfig> models) {
        this.location = location;
        this.models = models;
    }

    public static ModelRepository empty() {
        return new ModelRepository(Path.of(DEFAULT_LOCATION), Map.of());
    }

    /** Reads every {@code <location>/<model>/model.properties}, in the order of the folder names. */
    public static ModelRepository load(Path location) {
        Map<ModelId, ModelConfig> models = new LinkedHashMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> folders = Files.list(location)) {
                for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                    Path config = folder.resolve(CONFIG_FILE);
                    if (Files.isRegularFile(config)) {
                        ModelConfig model = parse(folder, config);
                        models.put(model.id(), model);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the model repository " + location.toAbsolutePath(), e);
            }
        }
        return new ModelRepository(location, java.util.Collections.unmodifiableMap(models));
    }

    public Path location() {
        return location;
    }

    public Collection<ModelConfig> models() {
        return models.values();
    }

    public List<ModelId> ids() {
        return List.copyOf(models.keySet());
    }

    public Optional<ModelConfig> find(ModelId id) {
        return Optional.ofNullable(models.get(id));
    }

    /** Whether requests for {@code id} may carry an aspect. */
    public boolean acceptsAspect(ModelId id) {
        return find(id).map(ModelConfig::aspect).orElse(false);
    }

    static ModelConfig parse(Path folder, Path file) {
        String name = folder.getFileName().toString();
        if (!ModelId.isValid(name)) {
            throw new IllegalArgumentException(file + ": the folder name '" + name
                    + "' is the model id and must be 1 to 64 lower-case letters, digits, '-' or '_'");
        }
        Properties raw = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            raw.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> props = new HashMap<>();
        raw.stringPropertyNames().forEach(k -> props.put(k, raw.getProperty(k).strip()));
        for (String key : props.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(file + ": unknown key '" + key + "' (known: " + KEYS + ")");
            }
        }
        String type = props.getOrDefault("type", "");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException(file + ": type must be one of " + TYPES + ", was '" + type + "'");
        }
        List<String> labels = Optional.ofNullable(props.get("labels"))
                .map(l -> Arrays.stream(l.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
        if (type.equals(ModelConfig.SEQUENCE_CLASSIFICATION) && labels.size() < 2) {
            throw new IllegalArgumentException(file + ": labels must name at least two classes, in logit order");
        }
        Integer maxBatch = integer(file, props, "max-batch-size", 1, 1024);
        Duration maxWait = duration(file, props, "max-wait");
        Integer min = integer(file, props, "workers.min", 0, 256);
        Integer max = integer(file, props, "workers.max", 1, 256);
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException(file + ": workers.min must not exceed workers.max");
        }
        Integer threads = integer(file, props, "intra-op-threads", 1, 256);
        Integer maxLength = integer(file, props, "max-length", 2, 8192);
        String aspect = props.getOrDefault("aspect", "false");
        if (!aspect.equals("true") && !aspect.equals("false")) {
            throw new IllegalArgumentException(file + ": aspect must be true or false, was '" + aspect + "'");
        }
        return new ModelConfig(ModelId.of(name), folder, type, labels, maxBatch, maxWait, min, max,
                threads == null ? 1 : threads, maxLength == null ? 128 : maxLength, Boolean.parseBoolean(aspect), props);
    }

    private static Integer integer(Path file, Map<String, String> props, String key, int min, int max) {
        String value = props.get(key);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + key + " must be a whole number from " + min + " to "
                    + max + ", was '" + value + "'");
        }
    }

    private static Duration duration(Path file, Map<String, String> props, String key) {
        String value = props.get(key);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            Duration d = DurationStyle.detectAndParse(value);
            if (!d.isPositive()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + key + " must be a positive duration such as 20ms, was '"
                    + value + "'");
        }
    }
}
