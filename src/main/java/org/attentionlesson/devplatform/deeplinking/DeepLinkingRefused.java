package org.attentionlesson.devplatform.deeplinking;

/** A deep linking response the dev LMS will not accept, with the reason in plain words (shown as a 400). */
public final class DeepLinkingRefused extends RuntimeException {
    public DeepLinkingRefused(String message) {
        super(message);
    }
}
