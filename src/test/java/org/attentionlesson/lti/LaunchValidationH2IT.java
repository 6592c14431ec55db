package org.attentionlesson.lti;

import org.attentionlesson.support.TestDatabase;

/** The launch checks with the tool on its embedded H2 database. */
class LaunchValidationH2IT extends LaunchValidationContract {
    @Override
    TestDatabase.Kind databaseKind() {
        return TestDatabase.Kind.H2;
    }
}
