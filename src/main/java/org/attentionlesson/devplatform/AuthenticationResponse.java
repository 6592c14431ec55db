package org.attentionlesson.devplatform;

/** What the browser posts to the tool's redirect URI: {@code id_token} and {@code state} (Security Framework 1.0 §5.1.1.3). */
public record AuthenticationResponse(String redirectUri, String idToken, String state) {}
