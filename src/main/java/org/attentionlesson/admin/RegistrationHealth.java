package org.attentionlesson.admin;

import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.attentionlesson.grading.DeliveryReports;
import org.attentionlesson.lti.LaunchFacts;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.outbound.OutboundException;
import org.attentionlesson.outbound.OutboundHttp;
import org.attentionlesson.outbound.OutboundPolicy;

/**
 * The health of one registration as the admin console shows it: is the platform's JWKS reachable, when was the
 * last launch (lti's {@link LaunchFacts}), and the last score delivered and the grades pending or failed (grading's
 * {@link DeliveryReports}).
 */
public final class RegistrationHealth implements AutoCloseable {
    private static final Duration JWKS_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration JWKS_CACHE = Duration.ofSeconds(60);
    private static final int JWKS_MAX_BYTES = 256 * 1024;

    private final LaunchFacts launchFacts;
    private final DeliveryReports deliveries;
    private final Clock clock;
    private final OutboundHttp http;
    private final Map<String, Jwks> jwksCache = new ConcurrentHashMap<>();

    public record Jwks(boolean reachable, String detail, Instant checkedAt) {}

    public record Launches(Instant last, long count) {}

    /** {@code available}: grades are reported (always, since grading reports them through its API). */
    public record Grades(boolean available, Instant lastDelivered, long pending, long failed) {}

    public record Health(Jwks jwks, Launches launches, Grades grades) {
        public boolean healthy() {
            return jwks.reachable() && (!grades.available() || grades.failed() == 0);
        }
    }

    /** JWKS checks go through the outbound policy (no redirects, no private addresses unless allowed). */
    public RegistrationHealth(
            LaunchFacts launchFacts, DeliveryReports deliveries, Clock clock, OutboundPolicy outbound) {
        this.launchFacts = launchFacts;
        this.deliveries = deliveries;
        this.clock = clock;
        this.http = outbound.client(JWKS_TIMEOUT, JWKS_TIMEOUT, JWKS_MAX_BYTES, "attention-lesson-lti/1.0 (health)", 8);
    }

    /** Health of each registration; the JWKS checks run in parallel, bounded by a few seconds in all. */
    public Map<Long, Health> of(List<PlatformRegistration> registrations) {
        Map<Long, CompletableFuture<Jwks>> checks = new ConcurrentHashMap<>();
        for (PlatformRegistration r : registrations) {
            checks.put(r.id(), CompletableFuture.supplyAsync(() -> jwks(r.jwksUrl())));
        }
        Map<Long, Health> out = new java.util.LinkedHashMap<>();
        for (PlatformRegistration r : registrations) {
            Jwks j;
            try {
                j = checks.get(r.id()).get(JWKS_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                j = new Jwks(false, "no answer within " + JWKS_TIMEOUT.toSeconds() + " s", clock.instant());
            }
            out.put(r.id(), new Health(j, launches(r.id()), grades(r.id())));
        }
        return out;
    }

    public Health of(PlatformRegistration r) {
        return of(List.of(r)).get(r.id());
    }

    /** Fetches the platform's JWKS (cached for a minute) and checks it holds at least one key. */
    public Jwks jwks(URI url) {
        if (url == null) {
            return new Jwks(false, "no JWKS URL", clock.instant());
        }
        Jwks cached = jwksCache.get(url.toString());
        if (cached != null && cached.checkedAt().plus(JWKS_CACHE).isAfter(clock.instant())) {
            return cached;
        }
        Jwks result;
        try {
            OutboundHttp.Response resp = http.exchange(OutboundHttp.Request.get(url, "Accept", "application/json"));
            if (resp.status() != 200) {
                result = new Jwks(false, "HTTP " + resp.status(), clock.instant());
            } else {
                int n = JWKSet.parse(new String(resp.body(), StandardCharsets.UTF_8))
                        .getKeys()
                        .size();
                result = new Jwks(n > 0, n + (n == 1 ? " key" : " keys"), clock.instant());
            }
        } catch (java.text.ParseException e) {
            result = new Jwks(false, "not a JWKS document", clock.instant());
        } catch (OutboundException e) {
            result = new Jwks(
                    false,
                    switch (e.kind()) {
                        case TOO_LARGE -> "answer too large";
                        case TIMEOUT -> "no answer within " + JWKS_TIMEOUT.toSeconds() + " s";
                        case BAD_URL, REFUSED_ADDRESS -> "refused by the outbound policy: " + e.getMessage();
                        default -> "unreachable";
                    },
                    clock.instant());
        } catch (RuntimeException e) {
            result = new Jwks(false, "unreachable (" + e.getClass().getSimpleName() + ")", clock.instant());
        }
        jwksCache.put(url.toString(), result);
        return result;
    }

    @Override
    public void close() throws java.io.IOException {
        http.close();
    }

    public void forget(URI jwksUrl) {
        if (jwksUrl != null) {
            jwksCache.remove(jwksUrl.toString());
        }
    }

    Launches launches(long registrationId) {
        LaunchFacts.Activity a = launchFacts.activity(registrationId);
        return new Launches(a.last(), a.count());
    }

    /** The registration's grade deliveries, as grading reports them. */
    Grades grades(long registrationId) {
        DeliveryReports.RegistrationGrades g = deliveries.of(registrationId);
        return new Grades(true, g.lastDelivered(), g.pending(), g.failed());
    }
}
