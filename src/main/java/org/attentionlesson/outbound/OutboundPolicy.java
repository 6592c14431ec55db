package org.attentionlesson.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The one rule for every request the tool makes for a platform (OpenID configuration, registration endpoint,
 * JWKS, token endpoint, AGS, NRPS, health checks): https only, unless plain http is allowed (dev mode, test
 * rigs); only addresses {@link AddressPolicy} allows, checked on the addresses actually connected to (the
 * resolver below is the one the connection uses, so a name cannot resolve to a public address for the check and
 * a private one for the connection); no redirects; bounded time and size ({@link OutboundHttp}).
 */
public final class OutboundPolicy implements AutoCloseable {
    private final AddressPolicy addresses;
    private final boolean allowHttp;
    private final DnsResolver resolver;
    private final ScheduledExecutorService deadlines;

    public OutboundPolicy(AddressPolicy addresses, boolean allowHttp) {
        this(addresses, allowHttp, SystemDefaultDnsResolver.INSTANCE);
    }

    /** With another resolver underneath the check (tests: names that resolve to chosen addresses). */
    public OutboundPolicy(AddressPolicy addresses, boolean allowHttp, DnsResolver underlying) {
        this.addresses = addresses;
        this.allowHttp = allowHttp;
        this.resolver = new CheckingResolver(underlying, addresses);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "outbound-deadlines");
            t.setDaemon(true);
            return t;
        });
        // Every call schedules its deadline and cancels it when the reply is in: a cancelled deadline leaves the
        // queue at once instead of holding the request until its timeout would have passed.
        timer.setRemoveOnCancelPolicy(true);
        this.deadlines = timer;
    }

    /**
     * From the settings: {@code attention.outbound.allowPrivateNetworks} ({@code true}, {@code false} or CIDR
     * ranges) and {@code attention.outbound.allowHttp}; in dev mode both default to allowed (the dev LMS is this
     * same Tomcat on loopback http).
     */
    public static OutboundPolicy fromSettings(boolean devMode, String allowPrivateNetworks, String allowHttp) {
        String privateNets = allowPrivateNetworks == null || allowPrivateNetworks.isBlank()
                ? (devMode ? "true" : "false")
                : allowPrivateNetworks;
        boolean http = allowHttp == null || allowHttp.isBlank() ? devMode : Boolean.parseBoolean(allowHttp.trim());
        return new OutboundPolicy(AddressPolicy.parse(privateNets), http);
    }

    public AddressPolicy addresses() {
        return addresses;
    }

    public boolean allowsHttp() {
        return allowHttp;
    }

    /** Whether the URL's form may be called: absolute, no user info, https (or http when allowed). */
    public boolean schemeAllowed(URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return false;
        }
        String s = uri.getScheme().toLowerCase(Locale.ROOT);
        return s.equals("https") || (allowHttp && s.equals("http"));
    }

    /** Checks the URL's form, throwing the plain refusal. */
    public void checkUrl(URI uri) throws OutboundException {
        if (!schemeAllowed(uri)) {
            throw new OutboundException(
                    OutboundException.Kind.BAD_URL,
                    allowHttp
                            ? "The address is not an absolute http(s) URL."
                            : "The address is not an https URL (plain http is refused outside dev mode).");
        }
    }

    /** A client with these limits; each caller keeps its own (its own connection pool). */
    public OutboundHttp client(
            Duration connectTimeout, Duration timeout, int maxBytes, String userAgent, int maxConnections) {
        return new OutboundHttp(this, connectTimeout, timeout, maxBytes, userAgent, maxConnections);
    }

    DnsResolver resolver() {
        return resolver;
    }

    ScheduledExecutorService deadlines() {
        return deadlines;
    }

    public String describe() {
        return "outbound calls: " + (allowHttp ? "https and http" : "https only") + ", " + addresses.describe();
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
    }

    /** Refusal of a name whose addresses the policy refuses (an {@link UnknownHostException}, as the client expects). */
    static final class RefusedAddress extends UnknownHostException {
        RefusedAddress(String why) {
            super(why);
        }
    }

    /** Resolves once, refuses the whole name if any of its addresses is refused, and hands back what it checked. */
    private record CheckingResolver(DnsResolver underlying, AddressPolicy addresses) implements DnsResolver {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] all = underlying.resolve(host);
            if (all == null || all.length == 0) {
                throw new UnknownHostException("no address");
            }
            for (InetAddress a : all) {
                String why = addresses.refusal(a);
                if (why != null) {
                    throw new RefusedAddress(why);
                }
            }
            return all;
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return underlying.resolveCanonicalHostname(host);
        }
    }
}
