package org.attentionlesson.lesson.content;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Collects the problems of one content file and reads typed fields out of its parsed YAML, recording a
 * problem (with the field path) instead of throwing, so that every problem of a file is reported at once.
 */
final class Problems {

    static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final String file;
    private final List<ContentProblem> found;

    Problems(String file, List<ContentProblem> sink) {
        this.file = file;
        this.found = sink;
    }

    String file() {
        return file;
    }

    int count() {
        return (int) found.stream().filter(p -> p.file().equals(file)).count();
    }

    void add(String path, String message) {
        found.add(new ContentProblem(file, path, message));
    }

    static String join(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    static String at(String parent, int index) {
        return parent + "[" + index + "]";
    }

    Optional<JsonNode> required(JsonNode parent, String parentPath, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            add(join(parentPath, field), "is required");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    Optional<String> text(JsonNode parent, String parentPath, String field) {
        return required(parent, parentPath, field).flatMap(v -> text(v, join(parentPath, field)));
    }

    Optional<String> text(JsonNode value, String path) {
        if (!value.isTextual()) {
            add(path, "must be text, found " + kind(value));
            return Optional.empty();
        }
        if (value.asText().isBlank()) {
            add(path, "must not be empty");
            return Optional.empty();
        }
        return Optional.of(value.asText().strip());
    }

    Optional<String> optionalText(JsonNode parent, String parentPath, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return text(value, join(parentPath, field));
    }

    Optional<String> id(JsonNode parent, String parentPath, String field) {
        Optional<String> value = text(parent, parentPath, field);
        if (value.isPresent() && !ID.matcher(value.get()).matches()) {
            add(join(parentPath, field), "'" + value.get() + "' is not a valid id (use a-z, 0-9 and '-')");
            return Optional.empty();
        }
        return value;
    }

    Optional<String> httpsUrl(JsonNode parent, String parentPath, String field, boolean required) {
        Optional<String> value = required ? text(parent, parentPath, field) : optionalText(parent, parentPath, field);
        if (value.isPresent() && !value.get().matches("https://\\S+")) {
            add(join(parentPath, field), "must be a plain https:// URL, found '" + value.get() + "'");
            return Optional.empty();
        }
        return value;
    }

    Optional<Integer> integer(JsonNode parent, String parentPath, String field) {
        return required(parent, parentPath, field).flatMap(v -> integer(v, join(parentPath, field)));
    }

    Optional<Integer> integer(JsonNode value, String path) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            add(path, "must be a whole number, found " + kind(value));
            return Optional.empty();
        }
        return Optional.of(value.intValue());
    }

    Optional<Integer> positiveInteger(JsonNode parent, String parentPath, String field) {
        Optional<Integer> value = integer(parent, parentPath, field);
        if (value.isPresent() && value.get() <= 0) {
            add(join(parentPath, field), "must be a positive whole number, found " + value.get());
            return Optional.empty();
        }
        return value;
    }

    Optional<JsonNode> list(JsonNode parent, String parentPath, String field) {
        return required(parent, parentPath, field).flatMap(v -> list(v, join(parentPath, field)));
    }

    Optional<JsonNode> list(JsonNode value, String path) {
        if (!value.isArray()) {
            add(path, "must be a list, found " + kind(value));
            return Optional.empty();
        }
        return Optional.of(value);
    }

    Optional<JsonNode> optionalList(JsonNode parent, String parentPath, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return list(value, join(parentPath, field));
    }

    Optional<JsonNode> mapping(JsonNode parent, String parentPath, String field) {
        return required(parent, parentPath, field).flatMap(v -> mapping(v, join(parentPath, field)));
    }

    Optional<JsonNode> mapping(JsonNode value, String path) {
        if (!value.isObject()) {
            add(path, "must be a mapping of fields, found " + kind(value));
            return Optional.empty();
        }
        return Optional.of(value);
    }

    Optional<List<String>> textList(JsonNode parent, String parentPath, String field) {
        Optional<JsonNode> node = list(parent, parentPath, field);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        String path = join(parentPath, field);
        List<String> values = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < node.get().size(); i++) {
            Optional<String> value = text(node.get().get(i), at(path, i));
            ok &= value.isPresent();
            value.ifPresent(values::add);
        }
        return ok ? Optional.of(values) : Optional.empty();
    }

    Optional<List<Integer>> integerList(JsonNode parent, String parentPath, String field) {
        Optional<JsonNode> node = list(parent, parentPath, field);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        String path = join(parentPath, field);
        List<Integer> values = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < node.get().size(); i++) {
            Optional<Integer> value = integer(node.get().get(i), at(path, i));
            ok &= value.isPresent();
            value.ifPresent(values::add);
        }
        return ok ? Optional.of(values) : Optional.empty();
    }

    static String kind(JsonNode value) {
        if (value.isTextual()) {
            return "text '" + value.asText() + "'";
        }
        if (value.isNumber()) {
            return "number " + value.asText();
        }
        if (value.isBoolean()) {
            return "true/false";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        return "nothing";
    }
}
