package io.inferyx.loadtest;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Command-line options given as {@code --name value} pairs, read with messages that name the option. */
final class Args {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)(ms|s|m|h)");
    private static final Map<String, Duration> UNITS = Map.of("ms", Duration.ofMillis(1), "s", Duration.ofSeconds(1),
            "m", Duration.ofMinutes(1), "h", Duration.ofHours(1));

    private final Map<String, String> given;

    private Args(Map<String, String> given) {
        this.given = given;
    }

    static Args parse(String[] args, List<String> known) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("every option needs a value: " + String.join(" ", args));
        }
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].replaceFirst("^--", "");
            if (!args[i].startsWith("--") || !known.contains(name)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: --" + String.join(", --", known));
            }
            if (given.put(name, args[i + 1]) != null) {
                throw new IllegalArgumentException(args[i] + " is given twice");
            }
        }
        return new Args(given);
    }

    boolean has(String name) {
        return given.containsKey(name);
    }

    Optional<String> text(String name) {
        return Optional.ofNullable(given.get(name));
    }

    long integer(String name, long otherwise) {
        return read(name, Long::parseLong, "a whole number", otherwise);
    }

    double decimal(String name, double otherwise) {
        return read(name, Double::parseDouble, "a number", otherwise);
    }

    Duration duration(String name, Duration otherwise) {
        return read(name, Args::toDuration, "a duration such as 500ms, 10s or 2m", otherwise);
    }

    Optional<Path> path(String name) {
        return text(name).map(Path::of);
    }

    private <T> T read(String name, Function<String, T> parser, String what, T otherwise) {
        String value = given.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return parser.apply(value.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--" + name + " must be " + what + ", was '" + value + "'");
        }
    }

    private static Duration toDuration(String value) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(value);
        }
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(UNITS.get(m.group(2)).toNanos()));
        return Duration.ofNanos(nanos.toBigInteger().longValueExact());
    }
}
