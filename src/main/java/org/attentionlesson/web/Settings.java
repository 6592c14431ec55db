package org.attentionlesson.web;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tuning settings beyond {@link Config}'s core ones (limits, intervals, feature switches), each declared here
 * with its default and read once at start-up, in the same order as {@link Config}: system property, environment
 * variable, context parameter, default. Asking for a setting not declared here is a programming error.
 */
public final class Settings {
    /** Every tuning setting: name → {description, default}. An empty default means "not set". */
    public static final Map<String, String[]> DECLARED;

    static {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("attention.maxRequestKb", d("Largest request body accepted, in KiB", "1024"));
        m.put("attention.housekeepingSeconds", d("Interval of the housekeeping round", "60"));
        m.put("attention.launchContextRetentionHours", d("How long a launch's context is kept", "24"));
        m.put("attention.pendingRegistrationDays", d("Registrations nobody approved are removed after", "7"));
        m.put("attention.jwksCacheSeconds", d("How long a platform's JWKS is cached", "300"));
        m.put("attention.jwksMinRefetchSeconds", d("Shortest interval between two fetches of one JWKS", "30"));
        m.put(
                "attention.outbound.allowPrivateNetworks",
                d("Addresses outbound calls may reach beyond public ones", ""));
        m.put("attention.outbound.allowHttp", d("Hosts outbound calls may reach over plain http", ""));
        m.put("attention.ags.connectTimeoutMillis", d("Connect timeout of every platform service call", "5000"));
        m.put("attention.ags.timeoutMillis", d("Whole-exchange deadline of every platform service call", "10000"));
        m.put("attention.ags.maxReplyBytes", d("Largest reply read from a platform service", "1048576"));
        m.put("attention.pairsPerAttempt", d("Exercise pairs per attempt", ""));
        m.put("attention.grading.worker", d("Run the grade delivery worker on this node", "true"));
        m.put("attention.grading.pollMillis", d("How often an idle worker looks for new scores", "250"));
        m.put("attention.grading.batch", d("Outbox rows leased per claim", "64"));
        m.put("attention.grading.concurrency", d("Scores in flight at once per node", "16"));
        m.put("attention.grading.leaseSeconds", d("How long a node owns a leased outbox row", "60"));
        m.put("attention.grading.backoffBaseMillis", d("First retry delay (doubles per try, with jitter)", "2000"));
        m.put("attention.grading.backoffMaxMillis", d("Longest retry delay", "600000"));
        m.put("attention.grading.giveUpSeconds", d("After this long an undelivered score is marked failed", "259200"));
        m.put("attention.grading.drainSeconds", d("At stop, how long deliveries in flight may finish", "10"));
        m.put("attention.nrps.cacheSeconds", d("How long a context's roster is reused", "120"));
        m.put(
                "attention.classSummarySeconds",
                d("How long a node reuses a class's counts of launches and attempts", "10"));
        m.put("attention.nrps.maxMembers", d("Most members read from one context", "20000"));
        m.put("attention.nrps.maxPages", d("Most roster pages followed", "200"));
        m.put("attention.nrps.pageSize", d("Members per roster page asked for", "100"));
        m.put("attention.nrps.resourceLinkFilter", d("Ask for the members of the launch's resource link", "true"));
        m.put("attention.registrationConnectSeconds", d("Connect timeout of dynamic registration calls", "5"));
        m.put("attention.registrationTimeoutSeconds", d("Deadline of dynamic registration calls", "10"));
        m.put("attention.registrationMaxKb", d("Largest dynamic registration reply, in KiB", "256"));
        m.put("attention.maxPendingRegistrations", d("Most registrations waiting for approval", "20"));
        m.put("attention.registrationAttemptsPerMinute", d("Dynamic registrations per minute and address", "5"));
        m.put("attention.keyRotationGraceMinutes", d("How long a new key is published before it signs", "60"));
        m.put("attention.keyRotationGraceSeconds", d("Overrides the minutes above when set (tests)", ""));
        m.put("attention.keyRetentionHours", d("How long a retired key stays published", "48"));
        m.put("attention.dev.courseSize", d("Learners in the dev LMS's sample course", "30"));
        DECLARED = Collections.unmodifiableMap(m);
    }

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    /** Reads every declared setting once through {@code lookup} (blank values count as unset). */
    public static Settings read(Function<String, Optional<String>> lookup) {
        Map<String, String> v = new LinkedHashMap<>();
        DECLARED.forEach((key, d) -> v.put(
                key,
                lookup.apply(key).map(String::trim).filter(s -> !s.isEmpty()).orElse(d[1])));
        return new Settings(Collections.unmodifiableMap(v));
    }

    /** The value, or {@code ""} when neither set nor defaulted. */
    public String text(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("Undeclared setting " + key + " (declare it in web/Settings)");
        }
        return v;
    }

    public Optional<String> optional(String key) {
        String v = text(key);
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    public int integer(String key) {
        return Integer.parseInt(number(key));
    }

    public long longValue(String key) {
        return Long.parseLong(number(key));
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(text(key));
    }

    public Duration millis(String key) {
        return Duration.ofMillis(longValue(key));
    }

    public Duration seconds(String key) {
        return Duration.ofSeconds(longValue(key));
    }

    private String number(String key) {
        String v = text(key);
        if (v.isEmpty()) {
            throw new IllegalStateException(key + " has no value and no default");
        }
        try {
            Long.parseLong(v);
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(key + " must be a whole number, got " + v);
        }
    }

    private static String[] d(String description, String fallback) {
        return new String[] {description, fallback};
    }
}
