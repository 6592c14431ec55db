package org.attentionlesson.lti;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attentionlesson.store.Database;
import org.attentionlesson.web.Config;
import org.attentionlesson.web.RandomTokens;

/**
 * OIDC third-party initiated login (LTI Core 1.3 §5.1.1, Security Framework 1.0 §5.1.1): finds the registration,
 * mints {@code state} and {@code nonce} — a sealed state that carries what the login established for a few minutes
 * ({@link SealedStates}, docs/adr/0006-sealed-states.md), or, if too long to seal, a stored one — binds the state to
 * this browser with a cookie, and sends the browser to the platform's authorization endpoint.
 */
public final class OidcLogin {
    public static final String STATE_COOKIE_PREFIX = "lti_state_";
    /**
     * The login-state cookie crosses sites (the LMS frames the tool): {@code SameSite=None} needs {@code Secure}, and
     * {@code Partitioned} (CHIPS) keeps it, per top-level LMS site, in browsers that block third-party cookies. The
     * cookie that clears it carries the same attributes, or a partitioned cookie would not be cleared.
     */
    public static final String CROSS_SITE_COOKIE = "; Secure; Partitioned";

    private final Config config;
    private final Database db;
    private final Registrations registrations;
    private final LoginStates states;
    private final MintedStates minted = new MintedStates(MINTED_STATES_KEPT);
    private final SealedStates sealed;
    private final Clock clock;
    /** How many of the states this node minted it keeps in memory for the launches that come back to it. */
    static final int MINTED_STATES_KEPT = 4096;
    /** After this many logins' worth of changes racing this one, the state is stored without the version check. */
    private static final int MAX_LOGIN_ATTEMPTS = 4;
    /** Target links remembered as ours by {@link #isOurLaunchUrl}, at most. */
    static final int LAUNCH_URLS_MAX = 256;
    /** Longer target links are checked every time (the launch context keeps 2,000 characters of one). */
    static final int LAUNCH_URL_KEPT_CHARS = 2000;

    private final java.util.Set<String> launchUrls = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final MessageDigest SHA_256 = sha256Instance();

    /** The fields of a login initiation request, GET or POST (docs/lti.md §2). */
    public record Request(
            String issuer,
            String loginHint,
            String targetLinkUri,
            String ltiMessageHint,
            String clientId,
            String deploymentId,
            String storageTarget) {}

    /** Where to send the browser, and the cookie that binds the state to it. */
    public record Redirect(
            String location,
            String state,
            String nonce,
            String cookieName,
            String cookieValue,
            Duration cookieMaxAge,
            PlatformRegistration registration,
            String storageTarget) {
        /** The origin platform-storage messages go to: the platform's authorization endpoint's (docs/lti.md §9). */
        public String platformOrigin() {
            return PlatformRegistration.originOf(registration.authUrl());
        }
    }

    public OidcLogin(Config config, Database db, Registrations registrations, Clock clock) {
        this.config = config;
        this.db = db;
        this.registrations = registrations;
        this.states = new LoginStates(db.isPostgres());
        this.clock = clock;
        this.sealed = new SealedStates(ToolSecrets.get(db, clock, "login-state"));
    }

    public Redirect start(Request r) {
        if (blank(r.issuer()) || blank(r.loginHint()) || blank(r.targetLinkUri())) {
            throw LaunchError.LOGIN_PARAM_MISSING.exception("iss, login_hint and target_link_uri are required");
        }
        if (!isOurLaunchUrl(r.targetLinkUri())) {
            // Never redirect to, or later trust, a target we do not serve (docs/lti.md §2).
            throw LaunchError.TARGET_LINK_FOREIGN.exception("target_link_uri=" + clip(r.targetLinkUri()));
        }
        Instant now = clock.instant();
        Duration lifetime = config.loginStateLifetime();
        String clientId = blank(r.clientId()) ? null : r.clientId();
        String deploymentId = blankToNull(r.deploymentId());
        String storageTarget = clipTo(blankToNull(r.storageTarget()), 200);
        // The common login writes nothing: its state is sealed (SealedStates, docs/adr/0006-sealed-states.md), from
        // a registration this node read at the change counter it last saw. What it sealed is checked again, against
        // the counter, by the statement that stores the launch.
        Registrations.Versioned<List<PlatformRegistration>> cached =
                registrations.forLogin(r.issuer(), clientId, false);
        if (!registrations.isCurrent(cached.version())) {
            cached = registrations.forLogin(r.issuer(), clientId, true);
        }
        PlatformRegistration sealedFor;
        try {
            sealedFor = usable(r, cached.value());
        } catch (LaunchError.LaunchException e) {
            sealedFor =
                    usable(r, registrations.forLogin(r.issuer(), clientId, true).value()); // never refuse on a copy
        }
        SealedStates.Minted sealedState =
                sealed.seal(sealedFor.id(), now, now.plus(lifetime), deploymentId, r.targetLinkUri(), storageTarget);
        if (sealedState != null) {
            return redirect(r, sealedFor, sealedState.state(), sealedState.nonce(), lifetime);
        }
        // Too long to seal (a very long target link): stored, as every state was before sealed states.
        String state = RandomTokens.of(32);
        String nonce = RandomTokens.of(32);
        // One statement in the common case: the registration comes from memory, and the state is stored only if no
        // registration changed on any node since that copy was read (Registrations); else read afresh and repeat.
        Registrations.Versioned<List<PlatformRegistration>> known = registrations.forLogin(r.issuer(), clientId, false);
        boolean fresh = false;
        PlatformRegistration reg;
        for (int attempt = 1; ; attempt++) {
            try {
                reg = usable(r, known.value());
            } catch (LaunchError.LaunchException e) {
                if (fresh) {
                    throw e;
                }
                known = registrations.forLogin(r.issuer(), clientId, true); // never refuse on a copy from memory
                fresh = true;
                continue;
            }
            PlatformRegistration chosen = reg;
            long version = attempt < MAX_LOGIN_ATTEMPTS ? known.version() : Long.MIN_VALUE;
            // The state's commit need not wait for the disk: lost in a crash, it costs the person one more launch
            // (Database#withAsyncCommit). It is visible to every node as soon as the commit returns.
            boolean stored = db.withAsyncCommit(c -> version == Long.MIN_VALUE
                    ? states.insert(
                            c,
                            state,
                            nonce,
                            chosen.id(),
                            r.targetLinkUri(),
                            deploymentId,
                            storageTarget,
                            now,
                            now.plus(lifetime))
                    : states.insertIfCurrent(
                            c,
                            state,
                            nonce,
                            chosen.id(),
                            r.targetLinkUri(),
                            deploymentId,
                            storageTarget,
                            now,
                            now.plus(lifetime),
                            version));
            if (stored) {
                if (version != Long.MIN_VALUE) {
                    // Stored at a known change counter: a launch that comes back here can be checked before it
                    // consumes the state (LaunchValidator, LaunchService).
                    minted.minted(new LaunchValidator.LoginState(
                            state,
                            nonce,
                            chosen.id(),
                            r.targetLinkUri(),
                            deploymentId,
                            storageTarget,
                            now.plus(lifetime),
                            Optional.of(chosen),
                            version));
                }
                break;
            }
            known = registrations.forLogin(r.issuer(), clientId, true);
            fresh = true;
        }
        return redirect(r, reg, state, nonce, lifetime);
    }

    /** The redirect to the platform's authorization endpoint, and the cookie that binds the state to the browser. */
    private Redirect redirect(Request r, PlatformRegistration reg, String state, String nonce, Duration lifetime) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("scope", "openid");
        q.put("response_type", "id_token");
        q.put("response_mode", "form_post");
        q.put("prompt", "none");
        q.put("client_id", reg.clientId());
        q.put("redirect_uri", config.url("/lti/launch"));
        q.put("login_hint", r.loginHint());
        if (r.ltiMessageHint() != null) {
            q.put("lti_message_hint", r.ltiMessageHint()); // echoed byte for byte
        }
        q.put("state", state);
        q.put("nonce", nonce);
        // Not parsed again: the endpoint is a URI already and every parameter is percent-encoded.
        String location = appendQuery(reg.authUrl().toString(), q);
        String cookieValue = cookieValue(state);
        return new Redirect(
                location,
                state,
                nonce,
                cookieNameOf(cookieValue),
                cookieValue,
                lifetime,
                reg,
                clipTo(blankToNull(r.storageTarget()), 200));
    }

    /** The one registration the login names, if it may start a launch; refuses otherwise. */
    private static PlatformRegistration usable(Request r, List<PlatformRegistration> candidates) {
        if (candidates.isEmpty()) {
            throw LaunchError.REGISTRATION_UNKNOWN.exception(
                    "iss=" + clip(r.issuer()) + (blank(r.clientId()) ? "" : " client_id=" + clip(r.clientId())));
        }
        if (candidates.size() > 1) {
            throw LaunchError.REGISTRATION_AMBIGUOUS.exception("iss=" + clip(r.issuer()) + " has " + candidates.size());
        }
        PlatformRegistration found = candidates.get(0);
        switch (found.status()) {
            case PENDING -> throw LaunchError.REGISTRATION_PENDING.exception("registration " + found.id());
            case DISABLED -> throw LaunchError.REGISTRATION_DISABLED.exception("registration " + found.id());
            default -> {}
        }
        if (r.deploymentId() != null && r.deploymentId().length() > 255) {
            throw LaunchError.DEPLOYMENT_INVALID.exception("login deployment id longer than 255");
        }
        return found;
    }

    /** The sealing of this tool's login states (every node has the same key). */
    SealedStates sealed() {
        return sealed;
    }

    /** The states this node minted and a launch has not taken yet. */
    MintedStates minted() {
        return minted;
    }

    /**
     * True when {@code uri} is this tool's launch endpoint (same origin and path, any query). Checked at the login and
     * again at the launch, so the target links lately found to be ours are remembered (the answer depends only on the
     * text and this node's base URL): at most {@link #LAUNCH_URLS_MAX} of at most {@link #LAUNCH_URL_KEPT_CHARS}
     * characters, started over when full. A foreign or malformed one is parsed every time and never kept.
     */
    public boolean isOurLaunchUrl(String uri) {
        if (launchUrls.contains(uri)) {
            return true;
        }
        boolean ours = parsesAsOurLaunchUrl(uri);
        if (ours && uri.length() <= LAUNCH_URL_KEPT_CHARS) {
            if (launchUrls.size() >= LAUNCH_URLS_MAX) {
                launchUrls.clear();
            }
            launchUrls.add(uri);
        }
        return ours;
    }

    private boolean parsesAsOurLaunchUrl(String uri) {
        try {
            URI u = URI.create(uri);
            URI base = config.baseUrl();
            String basePath = base.getPath() == null ? "" : base.getPath();
            return u.getScheme() != null
                    && u.getScheme().equalsIgnoreCase(base.getScheme())
                    && u.getHost() != null
                    && u.getHost().equalsIgnoreCase(base.getHost())
                    && effectivePort(u) == effectivePort(base)
                    && (basePath + "/lti/launch").equals(u.getPath())
                    && u.getUserInfo() == null
                    && u.getFragment() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int effectivePort(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** The cookie that binds a state to the browser that started the login: named after and holding its hash. */
    public static String cookieName(String state) {
        return cookieNameOf(cookieValue(state));
    }

    /** {@link #cookieName(String)} from the state's {@link #cookieValue(String)}: one hash where both are needed. */
    static String cookieNameOf(String cookieValue) {
        return STATE_COOKIE_PREFIX + cookieValue.substring(0, 12);
    }

    public static String cookieValue(String state) {
        return sha256(state);
    }

    static String sha256(String s) {
        try {
            // A clone of one instance: no provider lookup per call (twice per launch).
            byte[] d = ((MessageDigest) SHA_256.clone()).digest(s.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256Instance() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops login states past their expiry; called periodically. */
    public int purgeExpired() {
        return db.withConnection(c -> states.purgeExpired(c, clock.instant()));
    }

    static String appendQuery(String base, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(base);
        char sep = base.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sep)
                    .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return sb.toString();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return blank(s) ? null : s;
    }

    private static String clipTo(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n);
    }

    static String clip(String s) {
        return s == null ? null : (s.length() > 80 ? s.substring(0, 80) + "…" : s);
    }
}
