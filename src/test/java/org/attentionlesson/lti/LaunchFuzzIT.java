package org.attentionlesson.lti;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.attentionlesson.support.LtiHttp;
import org.attentionlesson.support.TestDatabase;
import org.attentionlesson.support.TestPlatform;
import org.attentionlesson.support.TomcatServer;
import org.attentionlesson.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Posts thousands of random and mutated id_tokens, each behind a real login so it reaches the deep checks:
 * garbage strings, corrupted valid tokens, tokens whose claims have wrong types, odd headers. The tool must
 * never answer 5xx. The seed is printed so a failure can be replayed with -Dattention.fuzz.seed=….
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LaunchFuzzIT {
    static final int CASES = Integer.getInteger("attention.fuzz.cases", 2000);
    static final String[] CLAIMS = {
        "iss",
        "aud",
        "sub",
        "exp",
        "iat",
        "nonce",
        "azp",
        "name",
        "email",
        TestPlatform.LTI + "message_type",
        TestPlatform.LTI + "version",
        TestPlatform.LTI + "deployment_id",
        TestPlatform.LTI + "target_link_uri",
        TestPlatform.LTI + "resource_link",
        TestPlatform.LTI + "roles",
        TestPlatform.LTI + "context",
        TestPlatform.LTI + "custom",
        TestPlatform.LTI + "launch_presentation",
        "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
        "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
        "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
        TestPlatform.LTI + "for_user"
    };

    TestPlatform platform;
    TestDatabase db;
    TomcatServer tomcat;
    LtiHttp http;
    Random random;

    private Path dir;

    @BeforeAll
    void start() throws Exception {
        long seed = Long.getLong("attention.fuzz.seed", System.nanoTime());
        System.out.println("LaunchFuzzIT seed " + seed);
        random = new Random(seed);
        platform = TestPlatform.start("fuzz");
        dir = Files.createTempDirectory("fuzz-it-");
        db = TestDatabase.h2(dir);
        Map<String, String> params = new LinkedHashMap<>(db.params());
        params.put(
                "attention.registrationsFile",
                platform.writeRegistrationsFile(dir).toString());
        tomcat = TomcatServer.start(0, params);
        http = new LtiHttp(tomcat.baseUrl());
    }

    @AfterAll
    void stop() {
        tomcat.close();
        platform.close();
        db.close();
        if (dir != null) {
            TomcatServer.deleteRecursively(dir.toFile()); // the test database and files under it
        }
    }

    @Test
    void neverAnswers5xxToRandomOrMutatedIdTokens() throws Exception {
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            LtiHttp.Login login = http.login(platform);
            String token = switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> corrupt(validToken(login.nonce()));
                case 4, 5, 6, 7, 8 -> signedWithMutatedClaims(login.nonce());
                default -> oddHeader(login.nonce());
            };
            String state = random.nextInt(20) == 0 ? corrupt(login.state()) : login.state();
            HttpResponse<String> r = http.launch(token, state, random.nextInt(30) == 0 ? null : login.cookie());
            statuses.merge(r.statusCode(), 1, Integer::sum);
            if (r.statusCode() >= 500) {
                failures.add(r.statusCode() + " for token " + abbreviate(token));
            }
        }
        System.out.println("LaunchFuzzIT statuses " + statuses);
        assertTrue(
                failures.isEmpty(),
                failures.size() + " server errors, e.g. " + failures.subList(0, Math.min(3, failures.size())));
        assertTrue(
                statuses.getOrDefault(303, 0) > 0 && statuses.keySet().stream().anyMatch(s -> s >= 400),
                "the fuzz reached both acceptance and refusal: " + statuses);
    }

    String validToken(String nonce) {
        return platform.sign(claims(nonce).build());
    }

    JWTClaimsSet.Builder claims(String nonce) {
        return platform.resourceLinkClaims(tomcat.baseUrl(), nonce, "u-" + random.nextInt(100), TestPlatform.LTI);
    }

    String signedWithMutatedClaims(String nonce) {
        Map<String, Object> map = new LinkedHashMap<>(claims(nonce).build().toJSONObject());
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            String name = CLAIMS[random.nextInt(CLAIMS.length)];
            if (random.nextInt(4) == 0) {
                map.remove(name);
            } else {
                map.put(name, randomValue(0));
            }
        }
        String payload = Json.write(map);
        return signRaw("{\"alg\":\"RS256\",\"kid\":\"" + platform.signingKey().getKeyID() + "\"}", payload);
    }

    String oddHeader(String nonce) {
        String[] headers = {
            "{\"alg\":\"none\"}",
            "{\"alg\":\"HS256\",\"kid\":\"k\"}",
            "{\"alg\":\"RS512\",\"kid\":\"" + platform.signingKey().getKeyID() + "\"}",
            "{\"alg\":\"ES256\",\"kid\":\"x\"}",
            "{\"alg\":\"\"}",
            "{}",
            "[]",
            "null",
            "{\"alg\":\"RS256\",\"kid\":42}",
            "{\"alg\":\"RS256\",\"kid\":\"" + platform.signingKey().getKeyID() + "\",\"crit\":[\"exp\"]}",
            "{\"alg\":\"RS256\",\"kid\":\"" + platform.signingKey().getKeyID() + "\",\"typ\":\"JOSE+JSON\"}",
            "{\"alg\":\"RS256\",\"kid\":\"" + "k".repeat(5000) + "\"}",
            "{\"alg\":\"RS256\",\"jwk\":{\"kty\":\"RSA\"}}",
            "not json at all",
            "{\"alg\":\"RSA-OAEP\",\"enc\":\"A128GCM\"}"
        };
        return signRaw(
                headers[random.nextInt(headers.length)],
                Json.write(claims(nonce).build().toJSONObject()));
    }

    String signRaw(String header, String payload) {
        String input = Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Base64URL sig = new RSASSASigner(platform.signingKey())
                    .sign(new JWSHeader(JWSAlgorithm.RS256), input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + sig;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Object randomValue(int depth) {
        switch (random.nextInt(depth > 2 ? 6 : 9)) {
            case 0:
                return null;
            case 1:
                return random.nextInt();
            case 2:
                return random.nextDouble() * 1e12;
            case 3:
                return random.nextBoolean();
            case 4:
                return randomString();
            case 5:
                return "";
            case 6: {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomValue(depth + 1));
                }
                return list;
            }
            case 7: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (String k :
                        new String[] {"id", "title", "scope", "lineitems", "deep_link_return_url", "user_id", "locale"
                        }) {
                    if (random.nextBoolean()) {
                        m.put(k, randomValue(depth + 1));
                    }
                }
                return m;
            }
            default:
                return "x".repeat(random.nextInt(70_000));
        }
    }

    String randomString() {
        String alphabet = "abcXYZ019 <>&\"'\\/\u0000\u00e9\u4e2d\ud83d\ude00.=-_";
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(40); i > 0; i--) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    String corrupt(String s) {
        StringBuilder sb = new StringBuilder(s);
        switch (random.nextInt(7)) {
            case 0 -> sb.setLength(random.nextInt(Math.max(1, sb.length())));
            case 1 -> {
                for (int i = 0; i < 1 + random.nextInt(5) && sb.length() > 0; i++) {
                    sb.setCharAt(random.nextInt(sb.length()), (char) (32 + random.nextInt(95)));
                }
            }
            case 2 -> sb.append('.').append(s);
            case 3 ->
                sb.replace(
                        0,
                        sb.length(),
                        s.replace('.', random.nextBoolean() ? '_' : '.').replaceFirst("\\.", ".."));
            case 4 -> sb.insert(random.nextInt(sb.length() + 1), randomString());
            case 5 -> sb.replace(0, sb.length(), randomString());
            default -> sb.append("x".repeat(random.nextInt(150_000)));
        }
        return sb.toString();
    }

    static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…(" + s.length() + ")" : s;
    }
}
