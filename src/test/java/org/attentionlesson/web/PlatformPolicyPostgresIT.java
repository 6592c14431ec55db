package org.attentionlesson.web;

import org.attentionlesson.support.TestDatabase;

/** The per-platform browser policy and the pending-registration limits with the tool on PostgreSQL (a database created and dropped for this run). */
class PlatformPolicyPostgresIT extends PlatformPolicyContract {
    @Override
    TestDatabase.Kind databaseKind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
