package org.attentionlesson.devplatform.deeplinking;

import java.time.Instant;
import java.util.Map;
import org.attentionlesson.devplatform.DevResourceLink;
import org.attentionlesson.devplatform.DocumentTarget;

/**
 * A resource link the tool returned by deep linking, as the dev course keeps it: its custom parameters go back on
 * every launch, and its gradebook column ({@code lineItemId}, null when the item had no line item) is named in the
 * launch's AGS claim.
 */
public record DeepLinkedLink(
        String id,
        String title,
        String text,
        Map<String, String> custom,
        Integer lineItemId,
        Double scoreMaximum,
        DocumentTarget target,
        Instant createdAt) {

    public DeepLinkedLink {
        custom = Map.copyOf(custom);
    }

    public DevResourceLink resourceLink() {
        return new DevResourceLink(id, title);
    }
}
