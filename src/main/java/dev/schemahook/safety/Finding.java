package dev.schemahook.safety;

/**
 * One thing a migration does that can stall traffic or break the running release.
 *
 * @param rule the rule's id, e.g. {@code index-without-concurrently}
 * @param severity how bad it is
 * @param migration the migration's file name
 * @param line the line of the statement in that file
 * @param message what this statement does, naming the table
 * @param why why it matters for the traffic of a running release
 * @param safeAlternative how to get the same result without it
 * @param acknowledged whether a {@code -- schemahook:allow <rule> <reason>} comment in the file accepts it
 * @param reason the reason given with the acknowledgement, or null
 */
public record Finding(String rule, Severity severity, String migration, int line, String message, String why,
                      String safeAlternative, boolean acknowledged, String reason) {

    static Finding of(Rule rule, String migration, int line, String message) {
        return new Finding(rule.id(), rule.severity(), migration, line, message, rule.why(), rule.safeAlternative(),
                false, null);
    }

    Finding withSeverity(Severity newSeverity) {
        return new Finding(rule, newSeverity, migration, line, message, why, safeAlternative, acknowledged, reason);
    }

    Finding withMessage(String newMessage) {
        return new Finding(rule, severity, migration, line, newMessage, why, safeAlternative, acknowledged, reason);
    }

    Finding acknowledgedBecause(String why) {
        return new Finding(rule, severity, migration, line, message, this.why, safeAlternative, true, why);
    }
}
