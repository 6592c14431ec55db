package org.attentionlesson;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void stopsWhatStartedInReverseOrderSoTheWorkerStopsBeforeTheDatabase() {
        List<String> stopped = new ArrayList<>();
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.add("database", () -> stopped.add("database"));
        lifecycle.add("service client", () -> stopped.add("service client"));
        lifecycle.add("grade worker", () -> stopped.add("grade worker"));
        assertEquals(List.of("grade worker", "service client", "database"), lifecycle.stopOrder());
        lifecycle.stop();
        assertEquals(List.of("grade worker", "service client", "database"), stopped);
    }

    @Test
    void aPartThatFailsToStopDoesNotKeepTheOthersRunning() {
        List<String> stopped = new ArrayList<>();
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.add("database", () -> stopped.add("database"));
        lifecycle.add("broken", () -> {
            throw new IllegalStateException("boom");
        });
        lifecycle.add("housekeeping", () -> stopped.add("housekeeping"));
        lifecycle.stop();
        assertEquals(List.of("housekeeping", "database"), stopped);
    }

    @Test
    void stoppingTwiceStopsEachPartOnce() {
        List<String> stopped = new ArrayList<>();
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.add("database", () -> stopped.add("database"));
        lifecycle.stop();
        lifecycle.stop();
        assertEquals(List.of("database"), stopped);
    }

    @Test
    void anEmbeddedH2DatabaseStaysOpenUntilThePoolClosesIt() {
        assertEquals(
                "jdbc:h2:file:/srv/a/attention;DB_CLOSE_ON_EXIT=FALSE",
                Lifecycle.keepH2OpenUntilClosed("jdbc:h2:file:/srv/a/attention"));
        assertEquals("jdbc:h2:mem:x;DB_CLOSE_ON_EXIT=FALSE", Lifecycle.keepH2OpenUntilClosed("jdbc:h2:mem:x"));
    }

    @Test
    void urlsWhereH2RefusesTheSettingOrThatAreNotH2AreLeftAsTheyAre() {
        for (String url : List.of(
                "jdbc:h2:file:/srv/a;AUTO_SERVER=TRUE",
                "jdbc:h2:tcp://db/attention",
                "jdbc:h2:file:/srv/a;DB_CLOSE_ON_EXIT=TRUE",
                "jdbc:postgresql://db/attention")) {
            assertEquals(url, Lifecycle.keepH2OpenUntilClosed(url));
        }
    }
}
