package org.attentionlesson.devplatform.deeplinking;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.attentionlesson.devplatform.AuthorizationEndpoint;
import org.attentionlesson.devplatform.DevCourse;
import org.attentionlesson.devplatform.DevEndpoints;
import org.attentionlesson.devplatform.DevPerson;
import org.attentionlesson.devplatform.DevSigningKey;
import org.attentionlesson.devplatform.DocumentTarget;
import org.attentionlesson.devplatform.IdTokenFactory;
import org.attentionlesson.devplatform.LoginInitiation;
import org.attentionlesson.devplatform.MessageHint;
import org.attentionlesson.devplatform.MessageHints;
import org.attentionlesson.devplatform.gradebook.DevGradebook;
import org.attentionlesson.web.RandomTokens;

/**
 * The dev LMS's side of Deep Linking 2.0: an instructor's "add an activity" starts an {@code LtiDeepLinkingRequest}
 * launch; the tool's signed response comes back to {@code /dev/deep-linking/return}, is checked like Canvas and
 * Moodle check it, and each resource link in it joins the course with its custom parameters and, for a line item,
 * its own gradebook column (Moodle-shaped URL with {@code ?type_id=<n>}). Launches of those links carry both.
 * In memory, like the rest of the dev LMS.
 *
 * <pre>
 * GET  /dev/deep-linking/start?user=…&amp;method=get|post   login initiation of the deep linking request
 * POST /dev/deep-linking/return?course=dev-course        the tool's response (field JWT)
 * GET  /dev/deep-linking/open?user=…&amp;link=…             a deep-linked link, framed or in a window as returned
 * GET  /dev/deep-linking/launch?user=…&amp;link=…&amp;target=…  login initiation of that link's launch
 * </pre>
 */
public final class DevDeepLinking implements AuthorizationEndpoint.Extension {
    public static final String DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest";
    private static final Duration PENDING_LIFETIME = Duration.ofHours(1);

    /** A deep linking request sent and not yet answered: its opaque {@code data} and who sent it. */
    record Pending(String personId, Instant sentAt) {}

    private final DevEndpoints endpoints;
    private final DevCourse course;
    private final DevSigningKey key;
    private final MessageHints hints;
    private final IdTokenFactory idTokens;
    private final DevGradebook gradebook;
    private final Clock clock;
    private final DeepLinkingReturn returns;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, DeepLinkedLink> links = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicInteger nextLink = new AtomicInteger(1);

    DevDeepLinking(
            DevEndpoints endpoints,
            DevCourse course,
            DevSigningKey key,
            MessageHints hints,
            IdTokenFactory idTokens,
            DevGradebook gradebook,
            Clock clock,
            DeepLinkingReturn returns) {
        this.endpoints = endpoints;
        this.course = course;
        this.key = key;
        this.hints = hints;
        this.idTokens = idTokens;
        this.gradebook = gradebook;
        this.clock = clock;
        this.returns = returns;
    }

    /** The dev LMS's deep linking side; the caller hands it to the authorization endpoint as an extension. */
    public static DevDeepLinking create(
            DevEndpoints endpoints,
            DevCourse course,
            DevSigningKey key,
            MessageHints hints,
            IdTokenFactory idTokens,
            DevGradebook gradebook,
            String toolJwksUrl,
            Clock clock) {
        PublishedToolKeys toolKeys = new PublishedToolKeys(URI.create(toolJwksUrl), clock);
        return new DevDeepLinking(
                endpoints,
                course,
                key,
                hints,
                idTokens,
                gradebook,
                clock,
                new DeepLinkingReturn(endpoints, toolKeys, clock));
    }

    /** {@code /dev/deep-linking/start}: the instructor starts a deep linking request. */
    public jakarta.servlet.http.HttpServlet startServlet(org.attentionlesson.web.Templates templates) {
        return new DeepLinkingStartServlet(this, new LoginInitiation(endpoints, hints), templates);
    }

    /** {@code /dev/deep-linking/return}: the tool's deep linking response comes back here. */
    public jakarta.servlet.http.HttpServlet returnServlet() {
        return new DeepLinkingReturnServlet(this);
    }

    /** {@code /dev/deep-linking/open} and {@code /launch}: a deep-linked item opened from the course page. */
    public jakarta.servlet.http.HttpServlet launchServlet(org.attentionlesson.web.Templates templates) {
        return new DeepLinkedLaunchServlet(this, new LoginInitiation(endpoints, hints), templates);
    }

    DevEndpoints endpoints() {
        return endpoints;
    }

    DevCourse course() {
        return course;
    }

    /** The login initiation fields for {@code person}, carrying {@code hint} (LTI Core 1.3 §5.1.1). */
    Map<String, String> loginFields(DevPerson person, MessageHint hint) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("iss", endpoints.issuer());
        f.put("login_hint", person.id());
        f.put("target_link_uri", endpoints.toolLaunchUrl());
        f.put("lti_message_hint", hints.issue(hint));
        f.put("client_id", DevEndpoints.CLIENT_ID);
        f.put("lti_deployment_id", DevEndpoints.DEPLOYMENT_ID);
        return f;
    }

    /** The deep-linking return URL; its query must survive the tool's form post (docs/lti.md §7). */
    String returnUrl() {
        return endpoints.returnUrl() + "/deep-linking/return?course=" + course.id();
    }

    @Override
    public Optional<String> idToken(MessageHint hint, DevPerson person, String nonce) {
        if (DEEP_LINKING_REQUEST.equals(hint.messageType())) {
            return Optional.of(deepLinkingRequest(person, hint.documentTarget(), nonce));
        }
        if (MessageHint.RESOURCE_LINK_REQUEST.equals(hint.messageType()) && hint.resourceLinkId() != null) {
            DeepLinkedLink link = links.get(hint.resourceLinkId());
            if (link != null) {
                return Optional.of(idTokens.resourceLinkRequest(
                        course,
                        person,
                        link.resourceLink(),
                        hint.documentTarget(),
                        nonce,
                        link.custom(),
                        link.lineItemId() == null ? null : endpoints.lineItemUrl(course.id(), link.lineItemId())));
            }
        }
        return Optional.empty();
    }

    /** Deep Linking 2.0 §4.4: the request, with the settings this course offers. */
    private String deepLinkingRequest(DevPerson person, DocumentTarget target, String nonce) {
        if (!person.isInstructor()) {
            throw new org.attentionlesson.devplatform.AuthenticationRefused(
                    "Only instructors can add activities to the course.");
        }
        Instant now = clock.instant();
        pending.values().removeIf(p -> p.sentAt().isBefore(now.minus(PENDING_LIFETIME)));
        String data = "dl-" + RandomTokens.of(18);
        pending.put(data, new Pending(person.id(), now));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("deep_link_return_url", returnUrl());
        settings.put("accept_types", List.of("ltiResourceLink"));
        settings.put("accept_presentation_document_targets", List.of("iframe", "window"));
        settings.put("accept_multiple", false);
        settings.put("auto_create", true);
        settings.put("data", data);
        JWTClaimsSet claims = idTokens.common(course, person, nonce, DEEP_LINKING_REQUEST, target)
                .claim(IdTokenFactory.LTI + "target_link_uri", endpoints.toolLaunchUrl())
                .claim("https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings", settings)
                .build();
        return key.sign(claims);
    }

    /** Checks the tool's response and adds what it returned; the result says what happened. */
    List<DeepLinkedLink> accept(String jwt) {
        DeepLinkingReturn.Accepted accepted = returns.verify(jwt, false);
        // Our requests always carry data, so the response must echo one that is still waiting for its answer.
        if (!(accepted.data() instanceof String data) || pending.remove(data) == null) {
            throw new DeepLinkingRefused("dl:data does not echo a deep linking request this course sent "
                    + "(or that request was answered already).");
        }
        List<DeepLinkedLink> added = new ArrayList<>();
        for (DeepLinkingReturn.Item item : accepted.items()) {
            String id = "dl-link-" + nextLink.getAndIncrement();
            Integer lineItemId = null;
            Double max = null;
            if (item.lineItem() != null) {
                DevGradebook.Column column = gradebook.addColumn(
                        item.lineItem().label(),
                        item.lineItem().scoreMaximum(),
                        item.lineItem().resourceId(),
                        item.lineItem().tag(),
                        id);
                lineItemId = column.id();
                max = column.scoreMaximum();
            }
            DeepLinkedLink link = new DeepLinkedLink(
                    id, item.title(), item.text(), item.custom(), lineItemId, max, item.target(), clock.instant());
            links.put(id, link);
            added.add(link);
        }
        return added;
    }

    Optional<DeepLinkedLink> link(String id) {
        return Optional.ofNullable(id == null ? null : links.get(id));
    }

    /** The links added so far, oldest first. */
    public List<DeepLinkedLink> links() {
        synchronized (links) {
            return List.copyOf(links.values());
        }
    }
}
