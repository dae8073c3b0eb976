package io.gleitzeit.services.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Data sources from environment variables, for containers: {@code GLEITZEIT_SQL_<NAME>_URL} declares data source
 * {@code <name>} (lower-cased), with optional {@code GLEITZEIT_SQL_<NAME>_USER}, {@code …_PASSWORD},
 * {@code …_READ_ONLY} ({@code true}/{@code false}) and {@code …_POOL_SIZE}.
 */
public final class DataSourceEnvironment {
    public static final String PREFIX = "GLEITZEIT_SQL_";
    private static final String URL_SUFFIX = "_URL";

    private DataSourceEnvironment() {
    }

    /** The data sources the variables declare, by name; an {@link IllegalArgumentException} names a bad variable. */
    public static List<DataSourceConfig> read(Map<String, String> environment) {
        TreeSet<String> names = new TreeSet<>();
        for (String variable : environment.keySet()) {
            if (variable.startsWith(PREFIX) && variable.endsWith(URL_SUFFIX)
                    && variable.length() > PREFIX.length() + URL_SUFFIX.length()) {
                names.add(variable.substring(PREFIX.length(), variable.length() - URL_SUFFIX.length()));
            }
        }
        List<DataSourceConfig> configs = new ArrayList<>();
        for (String name : names) {
            String prefix = PREFIX + name + "_";
            String readOnly = environment.getOrDefault(prefix + "READ_ONLY", "false").trim().toLowerCase(Locale.ROOT);
            if (!readOnly.equals("true") && !readOnly.equals("false")) {
                throw new IllegalArgumentException(prefix + "READ_ONLY must be true or false");
            }
            int poolSize = DataSourceConfig.DEFAULT_MAX_POOL_SIZE;
            String pool = environment.get(prefix + "POOL_SIZE");
            if (pool != null) {
                try {
                    poolSize = Integer.parseInt(pool.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(prefix + "POOL_SIZE must be a whole number, was '" + pool + "'");
                }
            }
            configs.add(new DataSourceConfig(name.toLowerCase(Locale.ROOT), environment.get(prefix + "URL").trim(),
                    environment.get(prefix + "USER"), environment.get(prefix + "PASSWORD"), readOnly.equals("true"),
                    poolSize));
        }
        return configs;
    }
}
