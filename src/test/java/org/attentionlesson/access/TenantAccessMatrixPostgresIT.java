package org.attentionlesson.access;

import org.attentionlesson.support.TestDatabase;

/** The tenant access matrix with the tool on PostgreSQL (a database created and dropped for this run). */
class TenantAccessMatrixPostgresIT extends TenantAccessMatrix {
    @Override
    TestDatabase.Kind databaseKind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
