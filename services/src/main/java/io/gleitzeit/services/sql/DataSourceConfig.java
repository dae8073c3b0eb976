package io.gleitzeit.services.sql;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One named data source of the SQL service. Its URL and credentials are the operator's: workflows name the data source
 * and never see them, and {@link #toString()} leaves them out.
 *
 * @param name        what tasks give as {@code datasource}: letters, digits, {@code _} and {@code -}
 * @param jdbcUrl     a JDBC URL without credentials in it, such as {@code jdbc:postgresql://db:5432/reports}
 * @param username    the login, or {@code null}
 * @param password    the password, or {@code null}
 * @param readOnly    whether every task runs in a read-only transaction
 * @param maxPoolSize connections kept open at most
 */
public record DataSourceConfig(String name, String jdbcUrl, String username, String password, boolean readOnly,
        int maxPoolSize) {
    public static final int DEFAULT_MAX_POOL_SIZE = 4;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern URL_SECRET = Pattern.compile("(?i)[?&;](password|pwd|sslpassword)=");

    public DataSourceConfig {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("data source name '" + name + "' must be 1-64 letters, digits, '_' or"
                    + " '-'");
        }
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("data source " + name + ": url must be a JDBC URL (jdbc:…)");
        }
        if (URL_SECRET.matcher(jdbcUrl).find() || jdbcUrl.toLowerCase(Locale.ROOT).matches("jdbc:[a-z]+://[^/]*@.*")) {
            throw new IllegalArgumentException("data source " + name + ": url must not contain credentials; give"
                    + " the password separately");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("data source " + name + ": max pool size must be at least 1, was "
                    + maxPoolSize);
        }
    }

    /** A read-write data source with the default pool size. */
    public static DataSourceConfig of(String name, String jdbcUrl, String username, String password) {
        return new DataSourceConfig(name, jdbcUrl, username, password, false, DEFAULT_MAX_POOL_SIZE);
    }

    public DataSourceConfig withReadOnly(boolean readOnly) {
        return new DataSourceConfig(name, jdbcUrl, username, password, readOnly, maxPoolSize);
    }

    public DataSourceConfig withMaxPoolSize(int maxPoolSize) {
        return new DataSourceConfig(name, jdbcUrl, username, password, readOnly, maxPoolSize);
    }

    /** The name and flags only: never the URL or the credentials. */
    @Override
    public String toString() {
        return "DataSourceConfig[" + name + (readOnly ? ", read-only" : "") + ", pool " + maxPoolSize + "]";
    }
}
