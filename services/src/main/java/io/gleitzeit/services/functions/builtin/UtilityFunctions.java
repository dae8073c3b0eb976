package io.gleitzeit.services.functions.builtin;

import io.gleitzeit.services.functions.GleitzeitTask;
import io.gleitzeit.services.functions.Param;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

/**
 * Ids, timestamps, byte sizes and random test data. Time and randomness are injected, so a service (or a test)
 * decides where they come from.
 */
public final class UtilityFunctions {
    static final int MAX_RANDOM_ITEMS = 1000;
    static final List<String> WORDS = List.of("apple", "banana", "cherry", "date", "elderberry", "fig", "grape",
            "honeydew", "kiwi", "lemon", "mango", "nectarine", "orange", "papaya", "quince", "raspberry",
            "strawberry", "tangerine", "ugli", "vanilla");
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private final Clock clock;
    private final Random random;

    /** With the system clock in the local time zone and a fresh random source. */
    public UtilityFunctions() {
        this(Clock.systemDefaultZone(), new Random());
    }

    public UtilityFunctions(Clock clock, Random random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    @GleitzeitTask(name = "generate_uuid", category = "utility", description = "A random (version 4) UUID")
    public String generateUuid() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xff);
            low = (low << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(high, low).toString();
    }

    @GleitzeitTask(name = "current_timestamp", category = "utility",
            description = "Now as unix seconds, ISO local and UTC, readable date/time, and optionally formatted "
                    + "with a strftime pattern")
    public Map<String, Object> currentTimestamp(@Param(defaultValue = "null") String format) {
        ZonedDateTime now = ZonedDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
        LocalDateTime local = now.toLocalDateTime();
        LocalDateTime utc = now.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("unix_timestamp", now.toEpochSecond());
        result.put("iso_format", Strftime.isoFormat(local));
        result.put("utc_iso", Strftime.isoFormat(utc) + "Z");
        result.put("readable", local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        result.put("date_only", local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd")));
        result.put("time_only", local.format(DateTimeFormatter.ofPattern("HH:mm:ss")));
        if (format != null) {
            result.put("formatted", Strftime.format(format, now));
        }
        return result;
    }

    @GleitzeitTask(name = "format_bytes", category = "utility",
            description = "A byte count in B, KB, MB, GB, TB or PB with one decimal (1024 per step)")
    public static String formatBytes(@Param(value = "bytes_size", aliases = {"bytes_count", "size", "bytes"})
            double bytesSize) {
        if (!Double.isFinite(bytesSize)) {
            throw new IllegalArgumentException("bytes_size must be a finite number");
        }
        double value = bytesSize;
        for (String unit : UNITS) {
            if (value < 1024.0) {
                return oneDecimal(value) + " " + unit;
            }
            value /= 1024.0;
        }
        return oneDecimal(value) + " PB";
    }

    @GleitzeitTask(name = "random_data", category = "utility",
            description = "count random numbers (integers in [min, max]), floats, words or booleans; at most 1000")
    public List<Object> randomData(
            @Param(defaultValue = "\"numbers\"") String dataType,
            @Param(defaultValue = "10") int count,
            @Param(defaultValue = "null") Double min,
            @Param(defaultValue = "null") Double max) {
        int n = Math.max(0, Math.min(count, MAX_RANDOM_ITEMS));
        List<Object> data = new ArrayList<>(n);
        switch (dataType == null ? "" : dataType) {
            case "numbers" -> {
                long low = (long) Math.ceil(min == null ? 0 : min);
                long high = (long) Math.floor(max == null ? 100 : max);
                requireRange(low, high);
                for (int i = 0; i < n; i++) {
                    data.add(low + (long) Math.floor(random.nextDouble() * (high - low + 1)));
                }
            }
            case "floats" -> {
                double low = min == null ? 0.0 : min;
                double high = max == null ? 100.0 : max;
                requireRange(low, high);
                for (int i = 0; i < n; i++) {
                    data.add(low + random.nextDouble() * (high - low));
                }
            }
            case "words" -> {
                for (int i = 0; i < n; i++) {
                    data.add(WORDS.get(random.nextInt(WORDS.size())));
                }
            }
            case "booleans" -> {
                for (int i = 0; i < n; i++) {
                    data.add(random.nextBoolean());
                }
            }
            default -> throw new IllegalArgumentException("unsupported data_type '" + dataType
                    + "'; use numbers, floats, words or booleans");
        }
        return data;
    }

    private static void requireRange(double low, double high) {
        if (low > high) {
            throw new IllegalArgumentException("min must not be greater than max");
        }
    }

    /** Python's {@code f"{x:.1f}"}: half-even on the exact binary value. */
    private static String oneDecimal(double value) {
        return new BigDecimal(value).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }
}
