package org.attentionlesson.ags;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** AGS 2.0 §3.1 scopes, and the content types of its resources (docs/lti.md §5). */
public final class AgsScope {
    public static final String PREFIX = "https://purl.imsglobal.org/spec/lti-ags/scope/";
    public static final String LINEITEM = PREFIX + "lineitem";
    public static final String LINEITEM_READONLY = PREFIX + "lineitem.readonly";
    public static final String RESULT_READONLY = PREFIX + "result.readonly";
    public static final String SCORE = PREFIX + "score";

    public static final String LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json";
    public static final String LINEITEM_CONTAINER_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json";
    public static final String SCORE_TYPE = "application/vnd.ims.lis.v1.score+json";
    public static final String RESULT_CONTAINER_TYPE = "application/vnd.ims.lis.v2.resultcontainer+json";

    private AgsScope() {}

    /**
     * The scopes to ask a token for: those of the launch claim that this tool uses, sorted, so one registration
     * and claim always map to one cached token. Never asks for a scope the platform did not list.
     */
    public static Set<String> requested(Collection<String> claimScopes) {
        Set<String> out = new TreeSet<>();
        for (String s : claimScopes) {
            if (s.equals(LINEITEM) || s.equals(LINEITEM_READONLY) || s.equals(SCORE) || s.equals(RESULT_READONLY)) {
                out.add(s);
            }
        }
        return out;
    }
}
