package io.gleitzeit.services.functions.builtin;

import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/** Python's {@code strftime} directives that {@code current_timestamp(format)} understands, in English. */
final class Strftime {
    private Strftime() {
    }

    /** Python's {@code datetime.isoformat()}: microseconds only when there are some. */
    static String isoFormat(LocalDateTime t) {
        LocalDateTime micros = t.truncatedTo(ChronoUnit.MICROS);
        return micros.getNano() == 0
                ? micros.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"))
                : micros.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS"));
    }

    static String format(String pattern, ZonedDateTime t) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (++i >= pattern.length()) {
                throw new IllegalArgumentException("format ends with a lone '%'");
            }
            char directive = pattern.charAt(i);
            out.append(switch (directive) {
                case 'Y' -> String.format("%04d", t.getYear());
                case 'y' -> String.format("%02d", t.getYear() % 100);
                case 'm' -> String.format("%02d", t.getMonthValue());
                case 'd' -> String.format("%02d", t.getDayOfMonth());
                case 'H' -> String.format("%02d", t.getHour());
                case 'I' -> String.format("%02d", t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
                case 'M' -> String.format("%02d", t.getMinute());
                case 'S' -> String.format("%02d", t.getSecond());
                case 'f' -> String.format("%06d", t.getNano() / 1000);
                case 'p' -> t.getHour() < 12 ? "AM" : "PM";
                case 'b' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'j' -> String.format("%03d", t.getDayOfYear());
                case 'z' -> DateTimeFormatter.ofPattern("xx").format(t);
                case 'Z' -> t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case '%' -> "%";
                default -> throw new IllegalArgumentException("unsupported format directive '%" + directive
                        + "'; supported: %Y %y %m %d %H %I %M %S %f %p %b %B %a %A %j %z %Z %%");
            });
        }
        return out.toString();
    }
}
