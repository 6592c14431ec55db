package org.attentionlesson.lesson.content;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** An in-memory {@link ContentSource}: file paths mapped to their text. */
final class MapContentSource implements ContentSource {

    private final Map<String, String> files;

    MapContentSource(Map<String, String> files) {
        this.files = new TreeMap<>(files);
    }

    @Override
    public List<String> list(String dir) {
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        Set<String> names = new LinkedHashSet<>();
        for (String path : files.keySet()) {
            if (path.startsWith(prefix)) {
                String rest = path.substring(prefix.length());
                int slash = rest.indexOf('/');
                names.add(slash < 0 ? rest : rest.substring(0, slash + 1));
            }
        }
        return List.copyOf(names);
    }

    @Override
    public Optional<String> read(String path) {
        return Optional.ofNullable(files.get(path));
    }
}
