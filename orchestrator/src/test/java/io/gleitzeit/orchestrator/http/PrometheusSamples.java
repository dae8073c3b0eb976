package io.gleitzeit.orchestrator.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus text exposition, by series ({@code name} or {@code name{a="x",b="y"}} as written),
 * with the metric types from the {@code # TYPE} lines. Fails on any line that is not a comment or a sample.
 */
final class PrometheusSamples {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})?) (\\S+)");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\\w+)");

    final Map<String, Double> samples = new LinkedHashMap<>();
    final Map<String, String> types = new LinkedHashMap<>();

    PrometheusSamples(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a Prometheus sample line: " + line);
            }
            samples.put(sample.group(1), Double.parseDouble(sample.group(3)));
        }
    }

    /** The value of the series starting with {@code prefix} (name plus the first labels as written). */
    Optional<Double> value(String series) {
        return Optional.ofNullable(samples.get(series));
    }

    /** Whether some series of metric {@code name} has a label set containing {@code labels} (e.g. {@code group="x"}). */
    Optional<Double> find(String name, String labels) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().startsWith(name + "{") && e.getKey().contains(labels))
                .map(Map.Entry::getValue).findFirst();
    }
}
