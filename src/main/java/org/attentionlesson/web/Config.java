package org.attentionlesson.web;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tool's configuration, read once at start-up. Each setting is looked up, in order, as a JVM system
 * property ({@code attention.baseUrl}), an environment variable ({@code ATTENTION_BASE_URL}), a Tomcat
 * context parameter / JNDI-style init parameter ({@code attention.baseUrl}), then its default. The tuning
 * settings (limits, intervals) are read at the same moment into {@link #settings()}.
 */
public record Config(
        URI baseUrl,
        Path dataDir,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        boolean devMode,
        Optional<Path> registrationsFile,
        UnknownDeploymentPolicy unknownDeployments,
        boolean autoApproveRegistrations,
        Duration launchTokenLifetime,
        Duration loginStateLifetime,
        Duration clockLeeway,
        Duration maxTokenAge,
        String nodeName,
        Settings settings) {

    /** What to do with a deployment id we have not seen before on a known registration (docs/lti.md §1). */
    public enum UnknownDeploymentPolicy {
        ACCEPT,
        REJECT
    }

    /** Every setting with its description and default, for the README table and for start-up logging. */
    public static final Map<String, String[]> SETTINGS = new LinkedHashMap<>();

    static {
        SETTINGS.put("attention.baseUrl", new String[] {
            "Public base URL of the tool (in every redirect URI and the JWKS URL)", "http://localhost:8080"
        });
        SETTINGS.put(
                "attention.dataDir",
                new String[] {"Folder for the embedded H2 database", "${user.home}/.attention-lti"});
        SETTINGS.put("attention.jdbcUrl", new String[] {
            "JDBC URL; a jdbc:postgresql:// URL switches to PostgreSQL", "H2 file database in dataDir"
        });
        SETTINGS.put("attention.jdbcUser", new String[] {"Database user", "(none)"});
        SETTINGS.put("attention.jdbcPassword", new String[] {"Database password (never logged)", "(none)"});
        SETTINGS.put(
                "attention.devMode", new String[] {"Turns on the built-in dev LMS at /dev and the dev admin", "false"});
        SETTINGS.put(
                "attention.registrationsFile",
                new String[] {"JSON file of registrations and deployments loaded at start-up", "(none)"});
        SETTINGS.put("attention.unknownDeployments", new String[] {
            "reject (refuse, list as seen and refused for an admin to approve) or accept (record on first sight) a new deployment id of a known registration",
            "reject"
        });
        SETTINGS.put(
                "attention.autoApproveRegistrations",
                new String[] {"Dynamic registrations are active at once (true) or wait for an admin (false)", "false"});
        SETTINGS.put(
                "attention.launchTokenMinutes",
                new String[] {"Lifetime of the signed launch token pages carry after a launch", "90"});
        SETTINGS.put(
                "attention.loginStateSeconds", new String[] {"How long a login's state and nonce stay valid", "300"});
        SETTINGS.put("attention.clockLeewaySeconds", new String[] {"Leeway on exp and iat", "60"});
        SETTINGS.put("attention.maxTokenAgeSeconds", new String[] {"Oldest iat accepted on an id_token", "600"});
        SETTINGS.put("attention.nodeName", new String[] {"Name of this node in logs and leases", "host name"});
    }

    public static Config load(Function<String, String> contextParameters) {
        Function<String, Optional<String>> lookup = key -> Optional.ofNullable(System.getProperty(key))
                .or(() -> Optional.ofNullable(System.getenv(envName(key))))
                .or(() -> Optional.ofNullable(contextParameters.apply(key)))
                .map(String::trim)
                .filter(v -> !v.isEmpty());
        return from(lookup);
    }

    static Config from(Function<String, Optional<String>> lookup) {
        URI base = URI.create(stripSlash(lookup.apply("attention.baseUrl").orElse("http://localhost:8080")));
        if (base.getScheme() == null || base.getHost() == null) {
            throw new IllegalStateException("attention.baseUrl must be an absolute http(s) URL, got " + base);
        }
        Path dataDir = Path.of(
                        lookup.apply("attention.dataDir").orElse(System.getProperty("user.home") + "/.attention-lti"))
                .toAbsolutePath();
        String jdbcUrl = lookup.apply("attention.jdbcUrl")
                .orElse("jdbc:h2:file:"
                        + dataDir.resolve("attention").toString().replace('\\', '/'));
        return new Config(
                base,
                dataDir,
                jdbcUrl,
                lookup.apply("attention.jdbcUser").orElse(null),
                lookup.apply("attention.jdbcPassword").orElse(null),
                Boolean.parseBoolean(lookup.apply("attention.devMode").orElse("false")),
                lookup.apply("attention.registrationsFile").map(Path::of),
                UnknownDeploymentPolicy.valueOf(lookup.apply("attention.unknownDeployments")
                        .orElse("reject")
                        .toUpperCase(Locale.ROOT)),
                Boolean.parseBoolean(
                        lookup.apply("attention.autoApproveRegistrations").orElse("false")),
                Duration.ofMinutes(Long.parseLong(
                        lookup.apply("attention.launchTokenMinutes").orElse("90"))),
                Duration.ofSeconds(Long.parseLong(
                        lookup.apply("attention.loginStateSeconds").orElse("300"))),
                Duration.ofSeconds(Long.parseLong(
                        lookup.apply("attention.clockLeewaySeconds").orElse("60"))),
                Duration.ofSeconds(Long.parseLong(
                        lookup.apply("attention.maxTokenAgeSeconds").orElse("600"))),
                lookup.apply("attention.nodeName").orElse(defaultNodeName()),
                Settings.read(lookup));
    }

    /** {@code attention.baseUrl} → {@code ATTENTION_BASE_URL}. */
    public static String envName(String key) {
        return key.replace('.', '_').replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** An absolute URL of this tool for a path such as {@code /lti/launch}. */
    public String url(String path) {
        return baseUrl + path;
    }

    /**
     * The folder of the embedded H2 database files ({@code dataDir} by default, or the folder of an explicit
     * {@code jdbc:h2:file:} URL); empty for PostgreSQL, in-memory and remote H2.
     */
    public Optional<Path> h2Folder() {
        String url = jdbcUrl;
        if (!url.startsWith("jdbc:h2:")
                || url.startsWith("jdbc:h2:mem:")
                || url.startsWith("jdbc:h2:tcp:")
                || url.startsWith("jdbc:h2:ssl:")) {
            return Optional.empty();
        }
        String file = url.substring(url.startsWith("jdbc:h2:file:") ? "jdbc:h2:file:".length() : "jdbc:h2:".length());
        int semi = file.indexOf(';');
        file = semi < 0 ? file : file.substring(0, semi);
        if (file.startsWith("~")) {
            file = System.getProperty("user.home") + file.substring(1);
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        return Optional.ofNullable(parent);
    }

    public boolean usesPostgres() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    /** A description safe for logs: no password, no credentials in the URL. */
    public String describe() {
        return "baseUrl=" + baseUrl + " database=" + jdbcUrl.replaceAll("(?i)(password|user)=[^&;]*", "$1=***")
                + " devMode=" + devMode + " node=" + nodeName;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String defaultNodeName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "node";
        }
    }
}
