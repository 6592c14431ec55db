package org.attentionlesson.deeplinking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.attentionlesson.support.DevLmsClient;

/**
 * Browser steps through the dev LMS for deep linking, over real HTTP: the instructor's "add an activity" up to the
 * picker, the picker's answer, the return to the LMS, and launches of the link it added.
 */
final class DeepLinkingFlow {
    static final String LTI = "https://purl.imsglobal.org/spec/lti/claim/";
    static final String DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
    static final String AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/";

    /** A deep-linking launch that reached the picker: its launch token, the picker page and the request id_token. */
    record PickerLaunch(String launchToken, String html, String idToken) {}

    /** A resource-link launch: the id_token the LMS posted and where the tool sent the browser. */
    record LinkLaunch(String idToken, String location, String launchToken) {}

    private DeepLinkingFlow() {}

    /** The instructor's "add an activity" on the dev course page, up to the tool's picker. */
    static PickerLaunch openPicker(DevLmsClient browser, String user, String method) {
        DevLmsClient.Response start = browser.get("/dev/deep-linking/start?user=" + user + "&method=" + method);
        DevLmsClient.Response login;
        if (method.equals("post")) {
            expect("POST login initiation page", start, 200);
            DevLmsClient.Form f = browser.form(start.body());
            login = browser.postForm(f.action(), f.fields());
        } else {
            expect("GET /dev/deep-linking/start", start, 302);
            login = browser.get(start.location());
        }
        expect("login at /lti/login", login, 302);
        DevLmsClient.Response auth = browser.get(login.location());
        expect("GET /dev/auth", auth, 200);
        DevLmsClient.Form launchForm = browser.form(auth.body());
        String idToken = launchForm.fields().get("id_token");
        DevLmsClient.Response launched = browser.postForm(launchForm.action(), launchForm.fields());
        expect("POST /lti/launch", launched, 303);
        assertTrue(launched.location().startsWith("/deep-linking?lt="), launched.location());
        String lt = param(launched.location(), "lt");
        DevLmsClient.Response picker = browser.get(launched.location());
        expect("GET /deep-linking", picker, 200);
        return new PickerLaunch(lt, picker.body(), idToken);
    }

    /** The picker form as a person would fill it in. */
    static Map<String, String> choices(
            String lt, String title, String points, String policy, String presentation, String action) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("lt", lt);
        f.put("title", title);
        f.put("points", points);
        f.put("policy", policy);
        if (presentation != null) {
            f.put("presentation", presentation);
        }
        f.put("action", action);
        return f;
    }

    /** Launches a deep-linked link of the dev course as {@code user}, as the course page's link does. */
    static LinkLaunch launchLink(DevLmsClient browser, String user, String linkId) {
        DevLmsClient.Response open =
                browser.get("/dev/deep-linking/open?user=" + user + "&link=" + linkId + "&method=get");
        String launchUrl;
        if (open.status() == 302) {
            launchUrl = open.location();
        } else {
            expect("GET /dev/deep-linking/open (framed)", open, 200);
            int i = open.body().indexOf("src=\"/dev/deep-linking/launch?");
            assertTrue(i > 0, "the frame page frames the launch");
            launchUrl = open.body()
                    .substring(i + 5, open.body().indexOf('"', i + 5))
                    .replace("&amp;", "&");
        }
        DevLmsClient.Response start = browser.get(launchUrl);
        expect("GET " + launchUrl, start, 302);
        DevLmsClient.Response login = browser.get(start.location());
        expect("login at /lti/login", login, 302);
        DevLmsClient.Response auth = browser.get(login.location());
        expect("GET /dev/auth", auth, 200);
        DevLmsClient.Form launchForm = browser.form(auth.body());
        DevLmsClient.Response launched = browser.postForm(launchForm.action(), launchForm.fields());
        expect("POST /lti/launch", launched, 303);
        return new LinkLaunch(
                launchForm.fields().get("id_token"), launched.location(), param(launched.location(), "lt"));
    }

    /** Parses the JWT and checks its signature with the key the tool's JWKS publishes under its kid. */
    static SignedJWT verifiedWithToolJwks(DevLmsClient browser, String jwt) throws Exception {
        SignedJWT signed = SignedJWT.parse(jwt);
        String kid = signed.getHeader().getKeyID();
        assertNotNull(kid, "the header names the key");
        DevLmsClient.Response jwks = browser.get("/.well-known/jwks.json");
        assertEquals(200, jwks.status());
        JWK key = JWKSet.parse(jwks.body()).getKeyByKeyId(kid);
        assertNotNull(key, "the tool publishes key " + kid);
        assertTrue(signed.verify(new RSASSAVerifier(key.toRSAKey())), "the signature verifies");
        return signed;
    }

    static String param(String url, String name) {
        String query = URI.create(url).getRawQuery();
        for (String part : query == null ? new String[0] : query.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                return URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("No " + name + " in " + url);
    }

    static void expect(String step, DevLmsClient.Response r, int status) {
        if (r.status() != status) {
            throw new AssertionError(step + ": expected HTTP " + status + " but got " + r.status()
                    + r.header("Location").map(l -> " → " + l).orElse("") + "\n"
                    + (r.body().length() > 800 ? r.body().substring(0, 800) : r.body()));
        }
    }
}
