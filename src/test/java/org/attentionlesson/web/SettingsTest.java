package org.attentionlesson.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {
    static Settings read(Map<String, String> values) {
        return Settings.read(k -> Optional.ofNullable(values.get(k)));
    }

    @Test
    void unsetSettingsHaveTheirDeclaredDefaults() {
        Settings s = read(Map.of());
        assertEquals(16, s.integer("attention.grading.concurrency"));
        assertEquals(Duration.ofMillis(250), s.millis("attention.grading.pollMillis"));
        assertEquals(Duration.ofSeconds(10), s.seconds("attention.grading.drainSeconds"));
        assertTrue(s.flag("attention.grading.worker"));
        assertEquals(Optional.empty(), s.optional("attention.keyRotationGraceSeconds"));
    }

    @Test
    void aSetValueWinsAndABlankOneCountsAsUnset() {
        Settings s = read(Map.of(
                "attention.grading.batch",
                " 8 ",
                "attention.grading.worker",
                "false",
                "attention.nrps.pageSize",
                "  "));
        assertEquals(8, s.integer("attention.grading.batch"));
        assertFalse(s.flag("attention.grading.worker"));
        assertEquals(100, s.integer("attention.nrps.pageSize"));
    }

    @Test
    void everySettingIsLookedUpExactlyOnceWhenRead() {
        List<String> asked = new ArrayList<>();
        Settings s = Settings.read(k -> {
            asked.add(k);
            return Optional.empty();
        });
        s.integer("attention.grading.batch");
        s.integer("attention.grading.batch");
        assertEquals(new ArrayList<>(Settings.DECLARED.keySet()), asked);
    }

    @Test
    void anUndeclaredSettingIsAProgrammingError() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> read(Map.of()).text("attention.noSuchThing"));
        assertTrue(e.getMessage().contains("attention.noSuchThing"), e.getMessage());
    }

    @Test
    void aValueThatIsNotANumberNamesTheSetting() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> read(Map.of("attention.grading.batch", "many")).integer("attention.grading.batch"));
        assertTrue(e.getMessage().contains("attention.grading.batch"), e.getMessage());
    }

    @Test
    void theConfigCarriesTheSettingsReadFromTheSameSources() {
        Config c = ConfigTest.from(Map.of("attention.nrps.cacheSeconds", "5"));
        assertEquals(Duration.ofSeconds(5), c.settings().seconds("attention.nrps.cacheSeconds"));
    }
}
