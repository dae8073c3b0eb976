package io.gleitzeit.services.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes a data source's URL, hosts and credentials from text that leaves the service (task failures, logs): a
 * driver's message such as {@code password authentication failed for user "reporter"} or
 * {@code Connection to db.internal:5432 refused} names what workflows must not learn.
 */
final class Redactor {
    private static final Pattern HOSTS = Pattern.compile("^jdbc:[^:]+://([^/?;]*)");

    private final List<String> secrets;
    private final String replacement;

    private Redactor(List<String> secrets, String replacement) {
        this.secrets = secrets;
        this.replacement = replacement;
    }

    static Redactor of(DataSourceConfig config) {
        List<String> secrets = new ArrayList<>();
        secrets.add(config.jdbcUrl());
        Matcher hosts = HOSTS.matcher(config.jdbcUrl());
        if (hosts.find()) {
            for (String host : hosts.group(1).split(",")) {
                addIfLongEnough(secrets, host);
                int colon = host.lastIndexOf(':');
                if (colon > 0 && !host.endsWith("]")) {
                    addIfLongEnough(secrets, host.substring(0, colon));
                }
            }
        }
        addIfLongEnough(secrets, config.password());
        addIfLongEnough(secrets, config.username());
        // longest first, so that a URL is replaced whole before the host inside it
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(secrets), "<" + config.name() + ">");
    }

    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, replacement);
        }
        return out;
    }

    /** Very short values (a one-letter user) would blank out ordinary words; they are not worth hiding that way. */
    private static void addIfLongEnough(List<String> secrets, String value) {
        if (value != null && value.length() >= 3) {
            secrets.add(value);
        }
    }
}
