package org.attentionlesson.lti;

import org.attentionlesson.support.TestDatabase;

/** The launch checks with the tool on PostgreSQL (a database created and dropped for this run). */
class LaunchValidationPostgresIT extends LaunchValidationContract {
    @Override
    TestDatabase.Kind databaseKind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
