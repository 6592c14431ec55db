package org.attentionlesson.lti;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.attentionlesson.store.Database;
import org.attentionlesson.web.Json;

/**
 * The web origins one registration's LMS pages live on, for that registration's own browser policy
 * ({@code frame-ancestors}, {@code form-action}): the issuer's and the authorization endpoint's origins, the LMS
 * addresses an admin entered (or the registrations file named), the page a dynamic registration came from, and the
 * origins of validated launches' {@code launch_presentation.return_url} (LTI Core 1.3, launch presentation claim)
 * and {@code deep_link_return_url} (Deep Linking 2.0, deep linking settings) — in Canvas the frame's parent is the
 * institution's host, not the issuer's (docs/lti.md §11).
 * Only an ACTIVE registration has origins; the list is bounded in count and in characters.
 */
public final class PlatformOrigins {
    /** Sources, in the order their origins are listed (the budget drops the last ones first). */
    public static final String ADMIN = "admin";

    public static final String REGISTRATION = "registration";
    public static final String LAUNCH = "launch";
    /** Origins learned from launches kept per registration (the oldest goes first). */
    public static final int MAX_LEARNED = 10;
    /** Origins an admin may enter for one registration. */
    public static final int MAX_CONFIGURED = 10;
    /** Characters of origins in one directive: the header stays well under servers' 8 KB limits. */
    public static final int BUDGET_CHARS = 1500;

    private static final long CACHE_NANOS = java.time.Duration.ofSeconds(5).toNanos();
    private static final int CACHE_MAX = 10_000;

    private final Database db;
    private final Registrations registrations;
    private final Clock clock;
    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();
    /** Learned on this node inside a launch's transaction, shown before the next read of the table sees the row. */
    private final Map<Long, Set<String>> learnedHere = new ConcurrentHashMap<>();

    private record Cached(List<String> origins, long readAtNanos) {}

    public PlatformOrigins(Database db, Registrations registrations, Clock clock) {
        this.db = db;
        this.registrations = registrations;
        this.clock = clock;
        registrations.onChange(cache::clear);
    }

    /** {@code scheme://host[:port]} of an absolute http(s) URL, lower case; null for anything else. */
    public static String origin(String url) {
        if (url == null || url.isBlank() || url.length() > 2000) {
            return null;
        }
        try {
            URI u = new URI(url.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http"))
                    || u.getHost() == null
                    || u.getRawUserInfo() != null
                    || u.getHost().length() > 253
                    || !u.getHost().matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
                return null;
            }
            int port = u.getPort();
            boolean defaultPort =
                    port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * Parses what an admin typed (origins or URLs, separated by spaces, commas or new lines) into origins.
     *
     * @throws IllegalArgumentException naming the first value that is not an http(s) address, or too many
     */
    public static List<String> parseList(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text != null) {
            for (String part : text.trim().split("[\\s,]+")) {
                if (part.isEmpty()) {
                    continue;
                }
                String o = origin(part);
                if (o == null) {
                    throw new IllegalArgumentException("\"" + (part.length() > 80 ? part.substring(0, 80) + "…" : part)
                            + "\" is not an http(s) address such as https://school.instructure.com");
                }
                out.add(o);
            }
        }
        if (out.size() > MAX_CONFIGURED) {
            throw new IllegalArgumentException("at most " + MAX_CONFIGURED + " LMS addresses");
        }
        return List.copyOf(out);
    }

    /** The origins this registration's responses may be framed by and post forms to; empty unless ACTIVE. */
    public List<String> frameOrigins(long registrationId) {
        long now = System.nanoTime();
        Cached c = cache.get(registrationId);
        if (c == null || now - c.readAtNanos() > CACHE_NANOS) {
            c = new Cached(read(registrationId), now);
            if (cache.size() >= CACHE_MAX) {
                cache.clear();
            }
            cache.put(registrationId, c);
        }
        Set<String> here = learnedHere.get(registrationId);
        if (here == null || c.origins().isEmpty() || c.origins().containsAll(here)) {
            return c.origins();
        }
        Set<String> merged = new LinkedHashSet<>(c.origins());
        merged.addAll(here);
        return bounded(merged);
    }

    private List<String> read(long registrationId) {
        return db.withConnection(conn -> {
            Optional<PlatformRegistration> r = registrations.find(conn, registrationId);
            if (r.isEmpty() || r.get().status() != PlatformRegistration.Status.ACTIVE) {
                return List.of();
            }
            Set<String> out = new LinkedHashSet<>();
            add(out, origin(r.get().issuer()));
            add(out, r.get().authUrl() == null ? null : origin(r.get().authUrl().toString()));
            for (String o : RegistrationOriginStore.ordered(conn, registrationId)) {
                add(out, o);
            }
            return bounded(out);
        });
    }

    private static void add(Set<String> out, String origin) {
        if (origin != null) {
            out.add(origin);
        }
    }

    static List<String> bounded(Collection<String> origins) {
        List<String> out = new ArrayList<>();
        int chars = 0;
        for (String o : origins) {
            if (chars + o.length() + 1 > BUDGET_CHARS) {
                break;
            }
            chars += o.length() + 1;
            out.add(o);
        }
        return List.copyOf(out);
    }

    /** The origins stored for a registration with their source, for the admin console. */
    public List<String> stored(long registrationId, String source) {
        return db.withConnection(c -> RegistrationOriginStore.ofSource(c, registrationId, source, false));
    }

    /** Replaces the admin's LMS addresses of a registration (console form, registrations file). */
    public void setConfigured(long registrationId, List<String> origins) {
        db.inTransaction(c -> {
            setConfigured(c, registrationId, origins);
            return null;
        });
        cache.remove(registrationId);
    }

    public void setConfigured(Connection c, long registrationId, List<String> origins) throws SQLException {
        RegistrationOriginStore.deleteSource(c, registrationId, ADMIN);
        for (String o : origins.subList(0, Math.min(origins.size(), MAX_CONFIGURED))) {
            // An origin learned earlier becomes the admin's: one row per (registration, origin).
            RegistrationOriginStore.delete(c, registrationId, o);
            insert(c, registrationId, o, ADMIN);
        }
        cache.remove(registrationId);
    }

    /** Records where a dynamic registration came from, inside its transaction. */
    public void recordRegistration(Connection c, long registrationId, Collection<String> origins) throws SQLException {
        Set<String> distinct = new LinkedHashSet<>();
        origins.stream().map(PlatformOrigins::origin).forEach(o -> add(distinct, o));
        for (String o : distinct.stream().limit(2).toList()) {
            insert(c, registrationId, o, REGISTRATION);
        }
    }

    /**
     * A launch listener: learns the origins of the validated launch's return URLs. Writes only an origin not yet
     * known; keeps at most {@link #MAX_LEARNED} per registration.
     */
    public void learn(Connection c, LaunchContext launch) throws SQLException {
        Set<String> found = originsOf(launch);
        // Only what this node has cached, then the launch's own connection: never a second connection per launch.
        List<String> known = cachedOrigins(launch.registrationId());
        for (String o : found) {
            if (known.contains(o) || RegistrationOriginStore.exists(c, launch.registrationId(), o)) {
                continue;
            }
            Savepoint before = c.setSavepoint();
            try {
                insert(c, launch.registrationId(), o, LAUNCH);
                evictOldest(c, launch.registrationId());
                c.releaseSavepoint(before);
            } catch (SQLException e) {
                if (!Database.StoreException.isUniqueViolation(e)) {
                    throw e;
                }
                c.rollback(before); // learned at the same moment by another launch
            }
            if (learnedHere.size() >= CACHE_MAX) {
                learnedHere.clear();
            }
            Set<String> here = learnedHere.computeIfAbsent(launch.registrationId(), k -> ConcurrentHashMap.newKeySet());
            if (here.size() >= MAX_LEARNED) {
                here.clear();
            }
            here.add(o);
        }
    }

    /**
     * False when {@link #learn} would write nothing for this launch because this node already knows every origin it
     * names (the launch is then stored without a transaction of its own); true when it may write.
     */
    public boolean mayLearn(LaunchContext launch) {
        return !cachedOrigins(launch.registrationId()).containsAll(originsOf(launch));
    }

    private List<String> cachedOrigins(long registrationId) {
        Cached cached = cache.get(registrationId);
        return cached == null ? List.of() : cached.origins();
    }

    private static Set<String> originsOf(LaunchContext launch) {
        Set<String> found = new LinkedHashSet<>();
        add(found, origin(launch.returnUrl()));
        if (launch.deepLinkingSettingsJson() != null) {
            try {
                add(
                        found,
                        origin(Json.MAPPER
                                .readTree(launch.deepLinkingSettingsJson())
                                .path("deep_link_return_url")
                                .asText(null)));
            } catch (java.io.IOException e) {
                // not JSON: nothing to learn
            }
        }
        return found;
    }

    private void evictOldest(Connection c, long registrationId) throws SQLException {
        List<String> learned = RegistrationOriginStore.ofSource(c, registrationId, LAUNCH, true);
        for (String old : learned.subList(Math.min(learned.size(), MAX_LEARNED), learned.size())) {
            RegistrationOriginStore.delete(c, registrationId, old);
        }
    }

    private void insert(Connection c, long registrationId, String origin, String source) throws SQLException {
        RegistrationOriginStore.insert(c, registrationId, origin, source, clock.instant());
    }
}
