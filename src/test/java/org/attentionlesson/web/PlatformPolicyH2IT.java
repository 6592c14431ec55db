package org.attentionlesson.web;

import org.attentionlesson.support.TestDatabase;

/** The per-platform browser policy and the pending-registration limits with the tool on its embedded H2 database. */
class PlatformPolicyH2IT extends PlatformPolicyContract {
    @Override
    TestDatabase.Kind databaseKind() {
        return TestDatabase.Kind.H2;
    }
}
