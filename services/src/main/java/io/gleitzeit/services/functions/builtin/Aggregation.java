package io.gleitzeit.services.functions.builtin;

import java.util.List;
import java.util.Locale;

/** The aggregations of {@code aggregate_by_group} and {@code pivot_table}. */
enum Aggregation {
    SUM, AVG, MIN, MAX, COUNT;

    static Aggregation parse(String name, String field) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        switch (n) {
            case "sum":
                return SUM;
            case "avg", "mean", "average":
                return AVG;
            case "min":
                return MIN;
            case "max":
                return MAX;
            case "count":
                return COUNT;
            default:
                throw new IllegalArgumentException(field + " '" + name + "' is unknown; use sum, avg, min, max or count");
        }
    }

    /** Applies to non-empty numbers. */
    double apply(List<Double> numbers) {
        switch (this) {
            case SUM:
                return numbers.stream().mapToDouble(Double::doubleValue).sum();
            case AVG:
                return numbers.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            case MIN:
                return numbers.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            case MAX:
                return numbers.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            case COUNT:
                return numbers.size();
            default:
                throw new IllegalStateException(name());
        }
    }
}
