package org.attentionlesson.web;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/** Every UI string comes from the {@code messages} bundle; a missing key shows as {@code ??key??}. */
public final class Messages {
    private final Map<Locale, Map<String, String>> cache = new ConcurrentHashMap<>();

    public Map<String, String> bundle(Locale locale) {
        return cache.computeIfAbsent(locale, l -> {
            ResourceBundle rb = ResourceBundle.getBundle(
                    "messages",
                    l,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            Map<String, String> m = new HashMap<>();
            for (String k : rb.keySet()) {
                m.put(k, rb.getString(k));
            }
            return Collections.unmodifiableMap(new MissingAware(m));
        });
    }

    public String get(Locale locale, String key) {
        return bundle(locale).get(key);
    }

    /** Parses a launch locale such as {@code en-US} or {@code fr_CA}; unknown or empty → English. */
    public static Locale parseLocale(String tag) {
        if (tag == null || tag.isBlank()) {
            return Locale.ENGLISH;
        }
        Locale l = Locale.forLanguageTag(tag.replace('_', '-'));
        return l.getLanguage().isEmpty() ? Locale.ENGLISH : l;
    }

    private static final class MissingAware extends HashMap<String, String> {
        MissingAware(Map<String, String> m) {
            super(m);
        }

        @Override
        public String get(Object key) {
            String v = super.get(key);
            return v != null ? v : "??" + key + "??";
        }
    }
}
