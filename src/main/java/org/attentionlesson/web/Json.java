package org.attentionlesson.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/** JSON in and out of servlets, with bounded request bodies. */
public final class Json {
    public static final int MAX_BODY_BYTES = 64 * 1024;

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(64)
                        .maxStringLength(MAX_BODY_BYTES)
                        .build());
    }

    private Json() {}

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write JSON", e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw ToolException.badRequest("BAD_JSON", "The request body is not valid JSON.");
        }
    }

    /** Reads a JSON request body of at most {@link #MAX_BODY_BYTES}; anything else is a 4xx. */
    public static <T> T read(HttpServletRequest req, Class<T> type) throws IOException {
        String contentType = req.getContentType();
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw new ToolException(415, "UNSUPPORTED_MEDIA_TYPE", "Send the request body as application/json.");
        }
        if (req.getContentLengthLong() > MAX_BODY_BYTES) {
            throw new ToolException(413, "BODY_TOO_LARGE", "The request body is too large.");
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new ToolException(413, "BODY_TOO_LARGE", "The request body is too large.");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw ToolException.badRequest("BAD_JSON", "The request body is empty.");
            }
            return value;
        } catch (IOException e) {
            throw ToolException.badRequest("BAD_JSON", "The request body is not the JSON this call expects.");
        }
    }

    public static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        MAPPER.writeValue(resp.getOutputStream(), body);
    }
}
