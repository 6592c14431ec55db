package org.attentionlesson.deeplinking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import org.attentionlesson.web.ToolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the platform's deep_linking_settings claim (Deep Linking 2.0 §4.4.1) as Moodle and Canvas send it. */
class DeepLinkingSettingsTest {
    @Test
    void readsMoodlesSettings() {
        DeepLinkingSettings s = DeepLinkingSettings.parse("{\"accept_types\":[\"ltiResourceLink\"],"
                + "\"accept_presentation_document_targets\":[\"frame\",\"iframe\",\"window\"],"
                + "\"accept_copy_advice\":false,\"accept_multiple\":true,\"accept_unsigned\":false,\"auto_create\":false,"
                + "\"can_confirm\":false,\"deep_link_return_url\":\"https://moodle.example/mod/lti/contentitem_return.php"
                + "?course=4&id=2&sesskey=abc\",\"title\":\"Week 3\",\"text\":\"\"}");
        assertTrue(s.acceptsResourceLinks());
        assertEquals(EnumSet.allOf(Presentation.class), s.acceptedPresentations());
        assertTrue(s.acceptMultiple());
        assertFalse(s.autoCreate());
        assertEquals("Week 3", s.title());
        assertNull(s.text(), "blank text is no text");
        assertNull(s.data(), "Moodle sends no data, so none is echoed");
        assertEquals("course=4&id=2&sesskey=abc", s.returnUrl().getRawQuery());
    }

    @Test
    void keepsDataAsTheValueItWas() {
        DeepLinkingSettings s = DeepLinkingSettings.parse("{\"deep_link_return_url\":\"https://c.example/r\","
                + "\"accept_types\":[\"ltiResourceLink\"],\"data\":{\"a\":[1,\"x\"]}}");
        assertEquals(Map.of("a", java.util.List.of(1, "x")), s.dataValue());
    }

    @Test
    void aPlatformThatStatesNoTargetsLeavesBothOpenButAnEmptyListOffersNone() {
        assertEquals(
                EnumSet.allOf(Presentation.class),
                DeepLinkingSettings.parse("{\"deep_link_return_url\":\"https://c.example/r\"}")
                        .acceptedPresentations());
        assertEquals(
                EnumSet.noneOf(Presentation.class),
                DeepLinkingSettings.parse(
                                "{\"deep_link_return_url\":\"https://c.example/r\",\"accept_presentation_document_targets\":[\"embed\"]}")
                        .acceptedPresentations());
    }

    @Test
    void onlyAnExplicitFalseRefusesLineItems() {
        assertTrue(DeepLinkingSettings.parse("{\"deep_link_return_url\":\"https://c.example/r\"}")
                .acceptsLineItem());
        assertFalse(DeepLinkingSettings.parse(
                        "{\"deep_link_return_url\":\"https://c.example/r\",\"accept_lineitem\":false}")
                .acceptsLineItem());
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "/relative/return", "ftp://c.example/r", "https://", "not a url"})
    void refusesAReturnUrlTheFormCouldNotSafelyPostTo(String url) {
        ToolException e = assertThrows(
                ToolException.class, () -> DeepLinkingSettings.parse("{\"deep_link_return_url\":\"" + url + "\"}"));
        assertEquals("DL_RETURN_URL_INVALID", e.code());
        assertEquals(400, e.status());
    }
}
