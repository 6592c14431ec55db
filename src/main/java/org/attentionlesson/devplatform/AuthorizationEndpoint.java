package org.attentionlesson.devplatform;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The platform side of the OIDC launch: checks the tool's authentication request as strictly as a real platform
 * (Security Framework 1.0 §5.1.1.2, LTI Core 1.3 §5.1.1; Canvas and Moodle refuse the same mistakes) and answers
 * with a signed {@code id_token} for the person and link the message hint names.
 */
public final class AuthorizationEndpoint {
    private static final int MAX_PARAM = 1024;

    /**
     * Answers hints the course's own links do not cover: deep linking adds its request message and the links it
     * created. Empty means "not mine".
     */
    public interface Extension {
        Optional<String> idToken(MessageHint hint, DevPerson person, String nonce);
    }

    private final DevEndpoints endpoints;
    private final DevCourse course;
    private final MessageHints hints;
    private final IdTokenFactory idTokens;
    private final List<Extension> extensions;

    public AuthorizationEndpoint(
            DevEndpoints endpoints, DevCourse course, MessageHints hints, IdTokenFactory idTokens) {
        this(endpoints, course, hints, idTokens, List.of());
    }

    public AuthorizationEndpoint(
            DevEndpoints endpoints,
            DevCourse course,
            MessageHints hints,
            IdTokenFactory idTokens,
            List<Extension> extensions) {
        this.endpoints = endpoints;
        this.course = course;
        this.hints = hints;
        this.idTokens = idTokens;
        this.extensions = List.copyOf(extensions);
    }

    public AuthenticationResponse authorize(AuthenticationRequest r) {
        expect("scope", r.scope(), "openid");
        expect("response_type", r.responseType(), "id_token");
        expect("response_mode", r.responseMode(), "form_post");
        expect("prompt", r.prompt(), "none");
        expect("client_id", r.clientId(), DevEndpoints.CLIENT_ID);
        // Compared as a whole string, like Moodle: the redirect URI registered for dev-tool.
        expect("redirect_uri", r.redirectUri(), endpoints.toolLaunchUrl());
        required("login_hint", r.loginHint());
        required("lti_message_hint", r.ltiMessageHint());
        required("state", r.state());
        required("nonce", r.nonce());

        DevPerson person = course.person(r.loginHint())
                .orElseThrow(() -> new AuthenticationRefused("login_hint does not name a person in this LMS."));
        MessageHint hint = hints.verify(r.ltiMessageHint())
                .orElseThrow(() -> new AuthenticationRefused("lti_message_hint is not one this LMS issued, or it has "
                        + "expired; start the launch again from the course page."));
        if (!person.id().equals(hint.userId())) {
            throw new AuthenticationRefused("login_hint does not match the person in lti_message_hint.");
        }
        for (Extension extension : extensions) {
            Optional<String> idToken = extension.idToken(hint, person, r.nonce());
            if (idToken.isPresent()) {
                return new AuthenticationResponse(r.redirectUri(), idToken.get(), r.state());
            }
        }
        if (!MessageHint.RESOURCE_LINK_REQUEST.equals(hint.messageType())) {
            throw new AuthenticationRefused(
                    "lti_message_hint names a message type this LMS cannot send: " + hint.messageType());
        }
        DevResourceLink link = course.link(hint.resourceLinkId())
                .orElseThrow(
                        () -> new AuthenticationRefused("lti_message_hint names no resource link of this course."));
        String idToken = idTokens.resourceLinkRequest(course, person, link, hint.documentTarget(), r.nonce());
        return new AuthenticationResponse(r.redirectUri(), idToken, r.state());
    }

    private static void expect(String name, String actual, String wanted) {
        required(name, actual);
        if (!Objects.equals(actual, wanted)) {
            throw new AuthenticationRefused(name + " must be \"" + wanted + "\" but was \"" + clip(actual) + "\".");
        }
    }

    private static void required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new AuthenticationRefused(name + " is missing.");
        }
        if (value.length() > MAX_PARAM) {
            throw new AuthenticationRefused(name + " is longer than " + MAX_PARAM + " characters.");
        }
    }

    private static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
