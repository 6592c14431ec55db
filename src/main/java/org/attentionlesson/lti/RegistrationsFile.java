package org.attentionlesson.lti;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionlesson.web.Json;

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
    private RegistrationsFile() {
    }

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
        int i = 0;
        for (JsonNode r : list) {
            String where = file + ": registrations[" + i + "]";
            String issuer = required(r, "issuer", where);
            String clientId = required(r, "clientId", where);
            PlatformRegistration reg = registrations.upsert(issuer, clientId, r.path("name").asText(issuer),
                    uri(required(r, "authUrl", where), where + ".authUrl"), uri(required(r, "jwksUrl", where), where + ".jwksUrl"),
                    r.hasNonNull("tokenUrl") ? uri(r.get("tokenUrl").asText(), where + ".tokenUrl") : null,
                    r.hasNonNull("tokenAudience") ? r.get("tokenAudience").asText() : null,
                    r.hasNonNull("productFamily") ? r.get("productFamily").asText() : null,
                    PlatformRegistration.Status.ACTIVE);
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
                registrations.ensureDeployment(reg.id(), d.asText(), null);
            }
            i++;
        }
        return i;
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
            URI u = URI.create(s);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": not an absolute URL");
        }
    }
}
