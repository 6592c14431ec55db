package org.attentionlesson.access;

import org.attentionlesson.support.TestDatabase;

/** The tenant access matrix with the tool on H2 (a file in a temporary folder). */
class TenantAccessMatrixH2IT extends TenantAccessMatrix {
    @Override
    TestDatabase.Kind databaseKind() {
        return TestDatabase.Kind.H2;
    }
}
