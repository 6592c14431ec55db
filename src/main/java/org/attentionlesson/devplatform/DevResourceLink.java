package org.attentionlesson.devplatform;

/** An activity placed in the dev course that launches the tool (LTI Core 1.3 §5.3.5 resource link). */
public record DevResourceLink(String id, String title) {}
