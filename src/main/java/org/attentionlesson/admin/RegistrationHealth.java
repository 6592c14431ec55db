package org.attentionlesson.admin;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/**
 * The health of one registration as the admin console shows it: is the platform's JWKS reachable, when was the
 * last launch, and — once the grading outbox exists — the last score delivered and the grades pending or failed.
 */
public final class RegistrationHealth {
    private static final Duration JWKS_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration JWKS_CACHE = Duration.ofSeconds(60);
    private static final int JWKS_MAX_BYTES = 256 * 1024;

    private final Database db;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(JWKS_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Map<String, Jwks> jwksCache = new ConcurrentHashMap<>();

    public record Jwks(boolean reachable, String detail, Instant checkedAt) {
    }

    public record Launches(Instant last, long count) {
    }

    /** {@code available} is false while the grading outbox does not exist yet. */
    public record Grades(boolean available, Instant lastDelivered, long pending, long failed) {
    }

    public record Health(Jwks jwks, Launches launches, Grades grades) {
        public boolean healthy() {
            return jwks.reachable() && (!grades.available() || grades.failed() == 0);
        }
    }

    public RegistrationHealth(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
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
            HttpResponse<InputStream> resp = http.send(HttpRequest.newBuilder(url).timeout(JWKS_TIMEOUT)
                    .header("Accept", "application/json").header("User-Agent", "attention-lesson-lti/1.0 (health)")
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = resp.body()) {
                body = in.readNBytes(JWKS_MAX_BYTES + 1);
            }
            if (resp.statusCode() != 200) {
                result = new Jwks(false, "HTTP " + resp.statusCode(), clock.instant());
            } else if (body.length > JWKS_MAX_BYTES) {
                result = new Jwks(false, "answer too large", clock.instant());
            } else {
                int n = JWKSet.parse(new String(body, StandardCharsets.UTF_8)).getKeys().size();
                result = new Jwks(n > 0, n + (n == 1 ? " key" : " keys"), clock.instant());
            }
        } catch (java.text.ParseException e) {
            result = new Jwks(false, "not a JWKS document", clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new Jwks(false, "interrupted", clock.instant());
        } catch (Exception e) {
            result = new Jwks(false, "unreachable (" + e.getClass().getSimpleName() + ")", clock.instant());
        }
        jwksCache.put(url.toString(), result);
        return result;
    }

    public void forget(URI jwksUrl) {
        if (jwksUrl != null) {
            jwksCache.remove(jwksUrl.toString());
        }
    }

    Launches launches(long registrationId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT MAX(created_at), COUNT(*) FROM launch_context WHERE registration_id = ?")) {
                Sql.bind(ps, registrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Launches(Sql.instant(rs.getTimestamp(1)), rs.getLong(2));
                }
            }
        });
    }

    /**
     * Reads the grading outbox when it exists (another feature owns it): rows per registration with a status.
     * Reads only columns it finds, so the console keeps working whatever shape the outbox settles on.
     */
    Grades grades(long registrationId) {
        return db.withConnection(c -> {
            Set<String> columns = outboxColumns(c);
            if (!columns.contains("registration_id") || !(columns.contains("status") || columns.contains("state"))) {
                return new Grades(false, null, 0, 0);
            }
            String status = columns.contains("status") ? "status" : "state";
            long pending = 0;
            long failed = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT UPPER(" + status + "), COUNT(*) FROM grade_outbox "
                    + "WHERE registration_id = ? GROUP BY UPPER(" + status + ")")) {
                Sql.bind(ps, registrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String s = String.valueOf(rs.getString(1));
                        if (s.startsWith("FAIL") || s.startsWith("PERMANENT") || s.startsWith("DEAD")) {
                            failed += rs.getLong(2);
                        } else if (s.startsWith("PENDING") || s.startsWith("RETRY") || s.startsWith("NEW")
                                || s.startsWith("LEASED") || s.startsWith("QUEUED") || s.startsWith("IN_")) {
                            pending += rs.getLong(2);
                        }
                    }
                }
            }
            Instant last = null;
            // The time of the platform's last acceptance: rows end DELIVERED with finished_at set (V4__grading.sql).
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(finished_at) FROM grade_outbox "
                    + "WHERE registration_id = ? AND status = 'DELIVERED'")) {
                Sql.bind(ps, registrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    last = Sql.instant(rs.getTimestamp(1));
                }
            }
            return new Grades(true, last, pending, failed);
        });
    }

    private static Set<String> outboxColumns(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        DatabaseMetaData md = c.getMetaData();
        for (String name : new String[] {"GRADE_OUTBOX", "grade_outbox"}) {
            try (ResultSet rs = md.getColumns(null, null, name, null)) {
                while (rs.next()) {
                    out.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            if (!out.isEmpty()) {
                break;
            }
        }
        return out;
    }
}
