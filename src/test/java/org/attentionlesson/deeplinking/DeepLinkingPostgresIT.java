package org.attentionlesson.deeplinking;

import org.attentionlesson.support.TestDatabase;

/** Deep linking with the tool on PostgreSQL (a database created and dropped for this run). */
class DeepLinkingPostgresIT extends DeepLinkingContract {
    @Override
    TestDatabase.Kind databaseKind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
