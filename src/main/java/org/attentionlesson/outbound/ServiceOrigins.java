package org.attentionlesson.outbound;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The origins a registration declared: its issuer, authorization, token and JWKS URLs, and for a dynamic
 * registration the addresses its configuration and registration endpoint came from (the LMS's own host). A
 * service URL that a launch hands us (AGS line item and line items, NRPS memberships; LTI AGS 2.0 §3.2, NRPS 2.0
 * §2.1) is only called when its origin is one of these: a launch cannot make the tool call another site.
 */
public final class ServiceOrigins {
    private static final Duration CACHE = Duration.ofSeconds(30);
    private final Clock clock;
    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();
    private final DeclaredAddresses addresses;

    private record Cached(RegisteredPlatform registration, Set<String> origins, Instant loadedAt) {}

    /**
     * {@code addresses}: what a registration declared besides its endpoint URLs (the LMS addresses an admin entered,
     * a dynamic registration's configuration and registration endpoint); read at most every 30 seconds.
     */
    public ServiceOrigins(Clock clock, DeclaredAddresses addresses) {
        this.clock = clock;
        this.addresses = addresses;
    }

    /** Whether {@code url} is an absolute URL on one of the registration's declared origins. */
    public boolean allows(RegisteredPlatform registration, String url) {
        String o = origin(url);
        return o != null && declared(registration).contains(o);
    }

    /** The registration's declared origins, normalised ({@code https://host:443}). */
    public Set<String> declared(RegisteredPlatform r) {
        Cached c = cache.get(r.id());
        if (c != null && c.registration().equals(r) && c.loadedAt().plus(CACHE).isAfter(clock.instant())) {
            return c.origins();
        }
        Set<String> out = new LinkedHashSet<>();
        add(out, r.issuer());
        add(out, r.authUrl());
        add(out, r.tokenUrl());
        add(out, r.jwksUrl());
        for (String address : addresses.of(r.id())) {
            add(out, address);
        }
        Set<String> origins = Set.copyOf(out);
        cache.put(r.id(), new Cached(r, origins, clock.instant()));
        return origins;
    }

    /** Drops what is cached (after an admin edits a registration). */
    public void forgetAll() {
        cache.clear();
    }

    private static void add(Set<String> out, Object url) {
        String o = url == null ? null : origin(url.toString());
        if (o != null) {
            out.add(o);
        }
    }

    /** {@code scheme://host:port} in lower case with the port always written; null when not an absolute http(s) URL. */
    public static String origin(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = new URI(url.trim());
            String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
            if (u.getHost() == null
                    || !("https".equals(scheme) || "http".equals(scheme))
                    || u.getRawUserInfo() != null) {
                return null;
            }
            int port = u.getPort() != -1 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
