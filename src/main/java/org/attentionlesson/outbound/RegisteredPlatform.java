package org.attentionlesson.outbound;

import java.net.URI;

/**
 * What {@link ServiceOrigins} needs of a platform registration (docs/lti.md §1): its id and the URLs it declared.
 * The registration itself lives in {@code lti}, which implements this; {@code outbound} does not import {@code lti}.
 */
public interface RegisteredPlatform {
    long id();

    String issuer();

    URI authUrl();

    URI tokenUrl();

    URI jwksUrl();
}
