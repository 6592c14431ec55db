package org.attentionlesson.outbound;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * An HTTP client that obeys the {@link OutboundPolicy}: the URL's form is checked before anything is sent, the
 * addresses connected to are checked by the connection's own resolver, redirects are never followed (a 3xx is
 * handed back as it is), no cookies, no retries, no decompression, a connect timeout, one deadline for the whole
 * exchange including the body, and at most {@code maxBytes} of reply read.
 */
public final class OutboundHttp implements AutoCloseable {
    private final OutboundPolicy policy;
    private final CloseableHttpClient client;
    private final Duration timeout;
    private final int maxBytes;
    private final String userAgent;

    /** A request: method, absolute URL, headers (in order), body or null. */
    public record Request(String method, URI uri, List<Map.Entry<String, String>> headers, byte[] body) {
        public static Request get(URI uri, String... headerPairs) {
            return new Request("GET", uri, pairs(headerPairs), null);
        }

        public static Request post(URI uri, byte[] body, String... headerPairs) {
            return new Request("POST", uri, pairs(headerPairs), body);
        }

        private static List<Map.Entry<String, String>> pairs(String[] kv) {
            List<Map.Entry<String, String>> out = new ArrayList<>();
            for (int i = 0; i + 1 < kv.length; i += 2) {
                out.add(Map.entry(kv[i], kv[i + 1]));
            }
            return out;
        }
    }

    /** A reply read in full: status, headers by lower-case name, body bytes. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {
        public String firstHeader(String name) {
            List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    OutboundHttp(
            OutboundPolicy policy,
            Duration connectTimeout,
            Duration timeout,
            int maxBytes,
            String userAgent,
            int maxConnections) {
        this.policy = policy;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.userAgent = userAgent;
        Timeout connect = Timeout.ofMilliseconds(connectTimeout.toMillis());
        Timeout whole = Timeout.ofMilliseconds(timeout.toMillis());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(policy.resolver())
                        .setMaxConnTotal(Math.max(2, maxConnections))
                        .setMaxConnPerRoute(Math.max(2, maxConnections))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(whole)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setConnectionRequestTimeout(whole)
                        .setResponseTimeout(whole)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent(userAgent)
                .build();
    }

    public OutboundPolicy policy() {
        return policy;
    }

    public String userAgent() {
        return userAgent;
    }

    public Duration timeout() {
        return timeout;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** Sends the request under the policy and reads the reply; any failure is an {@link OutboundException}. */
    public Response exchange(Request request) throws OutboundException {
        URI uri = request.uri();
        policy.checkUrl(uri);
        checkLiteral(uri.getHost());
        HttpUriRequestBase req = new HttpUriRequestBase(request.method(), uri);
        for (Map.Entry<String, String> h : request.headers()) {
            req.addHeader(h.getKey(), h.getValue());
        }
        if (request.body() != null) {
            req.setEntity(new ByteArrayEntity(request.body(), null));
        }
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = policy.deadlines()
                .schedule(
                        () -> {
                            expired.set(true);
                            req.cancel(); // closes the connection: a blocked read or connect ends at once
                        },
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
        try {
            return client.execute(req, response -> {
                Map<String, List<String>> headers = new TreeMap<>();
                for (Header h : response.getHeaders()) {
                    headers.computeIfAbsent(h.getName().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
                            .add(h.getValue());
                }
                HttpEntity entity = response.getEntity();
                byte[] body = new byte[0];
                if (entity != null) {
                    if (entity.getContentLength() > maxBytes) {
                        throw new OutboundException(
                                OutboundException.Kind.TOO_LARGE, "The reply is larger than " + maxBytes + " bytes.");
                    }
                    try (InputStream in = entity.getContent()) {
                        body = in.readNBytes(maxBytes + 1);
                    }
                    if (body.length > maxBytes) {
                        throw new OutboundException(
                                OutboundException.Kind.TOO_LARGE, "The reply is larger than " + maxBytes + " bytes.");
                    }
                }
                return new Response(response.getCode(), headers, body);
            });
        } catch (OutboundException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof OutboundPolicy.RefusedAddress r) {
                    throw new OutboundException(
                            OutboundException.Kind.REFUSED_ADDRESS,
                            "The host's address is refused: " + r.getMessage() + ".");
                }
            }
            if (expired.get()
                    || e instanceof SocketTimeoutException
                    || e instanceof InterruptedIOException
                    || e.getCause() instanceof SocketTimeoutException) {
                throw new OutboundException(
                        OutboundException.Kind.TIMEOUT, "No complete reply within " + timeout.toMillis() + " ms.");
            }
            throw new OutboundException(
                    OutboundException.Kind.UNREACHABLE,
                    "The connection failed (" + e.getClass().getSimpleName() + ").");
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * For Nimbus's JWK sources: a GET through this client; anything but 200 is an {@link IOException} (which
     * Nimbus reports as the JWKS being unavailable).
     */
    public ResourceRetriever resourceRetriever() {
        return url -> {
            URI uri;
            try {
                uri = url.toURI();
            } catch (java.net.URISyntaxException e) {
                throw new OutboundException(OutboundException.Kind.BAD_URL, "The address is not a valid URL.");
            }
            Response r = exchange(Request.get(uri, "Accept", "application/json"));
            if (r.status() != 200) {
                throw new IOException("HTTP " + r.status());
            }
            return new Resource(new String(r.body(), StandardCharsets.UTF_8), r.firstHeader("Content-Type"));
        };
    }

    /** A host written as an IP address is judged here too, whatever path the client takes for literals. */
    private void checkLiteral(String host) throws OutboundException {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!h.matches("[0-9a-fA-F:.]+") || !(h.contains(":") || h.matches("[0-9.]+"))) {
            return; // a name: the resolver judges what it resolves to
        }
        try {
            String why = policy.addresses().refusal(InetAddress.getByName(h));
            if (why != null) {
                throw new OutboundException(
                        OutboundException.Kind.REFUSED_ADDRESS, "The host's address is refused: " + why + ".");
            }
        } catch (java.net.UnknownHostException e) {
            throw new OutboundException(OutboundException.Kind.UNREACHABLE, "The host is not a valid address.");
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
