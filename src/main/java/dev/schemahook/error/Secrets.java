package dev.schemahook.error;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of everything the runner prints: the known password is masked wherever it appears, and so is
 * the password part of any URL or {@code password=} parameter, even one the runner was never told about.
 */
public final class Secrets {
    public static final String MASK = "****";
    private static final List<String> KNOWN = new CopyOnWriteArrayList<>();
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@\\s]*):([^@\\s/]+)@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)([^&\\s;,'\"]+)");

    private Secrets() {
    }

    /**
     * Registers a secret to be masked from now on. Passwords shorter than four characters are not: masking every
     * "a" or "pg" would garble all output, and such a password protects nothing anyway.
     */
    public static void register(String secret) {
        if (secret != null && secret.length() >= 4 && !KNOWN.contains(secret)) {
            KNOWN.add(secret);
        }
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = URL_PASSWORD.matcher(text).replaceAll("$1:" + Matcher.quoteReplacement(MASK) + "@");
        result = PASSWORD_PARAMETER.matcher(result).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        for (String secret : KNOWN) {
            result = result.replace(secret, MASK);
        }
        return result;
    }
}
