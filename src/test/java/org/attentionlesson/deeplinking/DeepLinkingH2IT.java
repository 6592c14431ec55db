package org.attentionlesson.deeplinking;

import org.attentionlesson.support.TestDatabase;

/** Deep linking with the tool on H2. */
class DeepLinkingH2IT extends DeepLinkingContract {
    @Override
    TestDatabase.Kind databaseKind() {
        return TestDatabase.Kind.H2;
    }
}
