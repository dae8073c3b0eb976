package io.gleitzeit.services.functions.builtin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.gleitzeit.services.functions.GleitzeitTask;
import io.gleitzeit.services.functions.Param;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Descriptive statistics and histograms over lists of numbers. */
public final class StatisticsFunctions {
    static final int MAX_NUMBERS = 10_000;
    static final int MAX_BINS = 100;

    /**
     * The result of {@code analyze_numbers}. {@code mode} is one number, or a list when several values are equally
     * frequent (in order of first appearance); {@code variance} and {@code std_deviation} are of the population.
     */
    public record NumberAnalysis(
            int count, double sum, double mean, double median, Object mode, double min, double max, double range,
            double variance, double stdDeviation, double stdDev, int uniqueCount) {
    }

    @GleitzeitTask(name = "analyze_numbers", category = "data_analysis",
            description = "count, sum, mean, median, mode, min, max, range, variance, std_deviation, unique_count")
    public static NumberAnalysis analyzeNumbers(List<Double> numbers) {
        double[] values = checked(numbers, "numbers");
        int n = values.length;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        double median = n % 2 == 0 ? (sorted[n / 2 - 1] + sorted[n / 2]) / 2 : sorted[n / 2];
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double variance = squares / n;
        double std = Math.sqrt(variance);
        return new NumberAnalysis(n, sum, mean, median, mode(values), sorted[0], sorted[n - 1],
                sorted[n - 1] - sorted[0], variance, std, std, new LinkedHashSet<>(boxed(values)).size());
    }

    /** One bin of a histogram: {@code range} is {@code [start, end]}, the last bin includes its end. */
    public record Bin(List<Double> range, int count) {
    }

    /** The result of {@code histogram_data}; {@code bin_width} is absent when all numbers are equal. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Histogram(List<Bin> bins, int total, Double binWidth) {
    }

    @GleitzeitTask(name = "histogram_data", aliases = "histogram", category = "data_analysis",
            description = "Counts of the numbers in equal-width bins between their minimum and maximum")
    public static Histogram histogramData(List<Double> numbers, @Param(defaultValue = "10") int bins) {
        double[] values = checked(numbers, "numbers");
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, was " + bins);
        }
        int binCount = Math.min(bins, MAX_BINS);
        double min = Arrays.stream(values).min().orElseThrow();
        double max = Arrays.stream(values).max().orElseThrow();
        if (min == max) {
            return new Histogram(List.of(new Bin(List.of(min, max), values.length)), values.length, null);
        }
        double width = (max - min) / binCount;
        List<Bin> result = new ArrayList<>();
        for (int i = 0; i < binCount; i++) {
            double start = min + i * width;
            double end = min + (i + 1) * width;
            boolean last = i == binCount - 1;
            int count = 0;
            for (double v : values) {
                if (v >= start && (v < end || last && v <= end)) {
                    count++;
                }
            }
            result.add(new Bin(List.of(round6(start), round6(end)), count));
        }
        return new Histogram(result, values.length, round6(width));
    }

    private static double[] checked(List<Double> numbers, String field) {
        if (numbers == null || numbers.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        if (numbers.size() > MAX_NUMBERS) {
            throw new IllegalArgumentException(field + " may hold at most " + MAX_NUMBERS + " values, had "
                    + numbers.size());
        }
        double[] values = new double[numbers.size()];
        for (int i = 0; i < values.length; i++) {
            Double v = numbers.get(i);
            if (v == null || v.isNaN() || v.isInfinite()) {
                throw new IllegalArgumentException(field + "[" + i + "] must be a finite number, was " + v);
            }
            values[i] = v;
        }
        return values;
    }

    private static Object mode(double[] values) {
        Map<Double, Integer> counts = new LinkedHashMap<>();
        for (double v : values) {
            counts.merge(v, 1, Integer::sum);
        }
        int top = counts.values().stream().max(Integer::compare).orElseThrow();
        List<Double> modes = counts.entrySet().stream().filter(e -> e.getValue() == top).map(Map.Entry::getKey)
                .toList();
        return modes.size() == 1 ? modes.get(0) : modes;
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    /** Python's {@code round(x, 6)}: half-even on the exact binary value. */
    static double round6(double x) {
        return new BigDecimal(x).setScale(6, RoundingMode.HALF_EVEN).doubleValue();
    }
}
