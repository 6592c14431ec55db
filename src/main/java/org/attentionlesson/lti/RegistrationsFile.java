package org.attentionlesson.lti;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionlesson.web.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registrations and deployments declared in a JSON file (configuration {@code attention.registrationsFile}),
 * loaded at start-up for scripted deployments:
 * <pre>{"registrations": [{"issuer": "...", "clientId": "...", "name": "...", "authUrl": "...", "jwksUrl": "...",
 *   "tokenUrl": "...", "tokenAudience": null, "lmsAddresses": ["https://school.instructure.com"],
 *   "deployments": ["1"]}]}</pre>
 * {@code lmsAddresses} (a list, or one string) are the origins the LMS's pages live on when they differ from the
 * issuer's (Canvas: the institution's host); the registration's responses may be framed by them.
 */
public final class RegistrationsFile {
    private static final Logger log = LoggerFactory.getLogger(RegistrationsFile.class);

    private RegistrationsFile() {}

    public static int load(Path file, Registrations registrations) {
        return load(file, registrations, null);
    }

    /** Loads the file; with {@code origins}, also sets each registration's LMS addresses. */
    public static int load(Path file, Registrations registrations, PlatformOrigins origins) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read registrations file " + file + ": " + e.getMessage(), e);
        }
        JsonNode list = root.path("registrations");
        if (!list.isArray()) {
            throw new IllegalStateException(file + ": registrations: expected an array");
        }
        int loaded = 0;
        int i = 0;
        for (JsonNode r : list) {
            String where = file + ": registrations[" + i++ + "]";
            try {
                declare(r, where, registrations, origins);
                loaded++;
            } catch (IllegalStateException e) {
                // One bad entry (an issuer that is not a URL, a missing field) is reported and skipped: the other
                // registrations, and the tool, still start.
                log.warn("Skipped a registration of the registrations file: {}", e.getMessage());
            }
        }
        return loaded;
    }

    private static void declare(JsonNode r, String where, Registrations registrations, PlatformOrigins origins) {
        String issuer = required(r, "issuer", where);
        uri(issuer, where + ".issuer");
        String clientId = required(r, "clientId", where);
        URI authUrl = uri(required(r, "authUrl", where), where + ".authUrl");
        URI jwksUrl = uri(required(r, "jwksUrl", where), where + ".jwksUrl");
        URI tokenUrl = r.hasNonNull("tokenUrl") ? uri(r.get("tokenUrl").asText(), where + ".tokenUrl") : null;
        // The file declares what exists; it never re-activates a registration an admin disabled in the console.
        PlatformRegistration.Status status = registrations
                .find(issuer, clientId)
                .filter(existing -> existing.status() == PlatformRegistration.Status.DISABLED)
                .map(PlatformRegistration::status)
                .orElse(PlatformRegistration.Status.ACTIVE);
        PlatformRegistration reg = registrations.upsert(
                issuer,
                clientId,
                r.path("name").asText(issuer),
                authUrl,
                jwksUrl,
                tokenUrl,
                r.hasNonNull("tokenAudience") ? r.get("tokenAudience").asText() : null,
                r.hasNonNull("productFamily") ? r.get("productFamily").asText() : null,
                status);
        if (origins != null && r.has("lmsAddresses")) {
            JsonNode a = r.get("lmsAddresses");
            StringBuilder text = new StringBuilder();
            for (JsonNode v : a.isArray() ? a : Json.MAPPER.createArrayNode().add(a)) {
                text.append(v.asText("")).append(' ');
            }
            try {
                origins.setConfigured(reg.id(), PlatformOrigins.parseList(text.toString()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ".lmsAddresses: " + e.getMessage());
            }
        }
        for (JsonNode d : r.path("deployments")) {
            String id = d.asText();
            if (id.isBlank() || id.length() > 255) {
                throw new IllegalStateException(where + ".deployments: a deployment id is 1 to 255 characters");
            }
            registrations.declareDeployment(reg.id(), id, null);
        }
    }

    private static String required(JsonNode r, String field, String where) {
        JsonNode v = r.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalStateException(where + "." + field + ": required");
        }
        return v.asText();
    }

    private static URI uri(String s, String where) {
        try {
            URI u = new URI(s);
            if (u.getScheme() == null || u.getHost() == null || !u.getScheme().matches("(?i)https?")) {
                throw new IllegalArgumentException();
            }
            return u;
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException(where + ": not an absolute http(s) URL");
        }
    }
}
