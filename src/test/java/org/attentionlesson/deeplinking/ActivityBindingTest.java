package org.attentionlesson.deeplinking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.attentionlesson.grading.GradePolicy;
import org.attentionlesson.grading.GradingSettings;
import org.attentionlesson.lti.Deployment;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.MessageType;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.lti.Registrations;
import org.attentionlesson.store.Database;
import org.attentionlesson.support.TestRegistrations;
import org.junit.jupiter.api.Test;

/**
 * On real (in-memory) H2: a deep-linked activity's launch binds its settings to the link once; a link this node has
 * found already bound is known from memory to need no write, so its launches can be stored by one statement; another
 * link, or the first launch of a link, still may write.
 */
class ActivityBindingTest {
    private final Clock clock = Clock.systemUTC();

    @Test
    void aLinkFoundBoundIsKnownToNeedNoWriteAndItsFirstSettingStands() {
        try (Database db =
                new Database("jdbc:h2:mem:binding-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 2)) {
            Registrations regs = new Registrations(db, clock);
            PlatformRegistration reg = TestRegistrations.lms(regs);
            Deployment d = regs.ensureDeployment(reg.id(), "d1", null);
            Activities activities = new Activities(db);
            activities.insert(new Activity(
                    "act-1",
                    reg.id(),
                    d.id(),
                    "dl-launch-1",
                    "Lesson",
                    10,
                    GradePolicy.values()[0],
                    3,
                    null,
                    "teacher",
                    Instant.now()));
            GradingSettings settings = new GradingSettings(db, clock);
            ActivityBinding binding = new ActivityBinding(activities, settings);

            LaunchContext first = launch(reg.id(), d.id(), "link-1");
            assertTrue(binding.mayWrite(first), "the link's first launch may bind it");
            db.inTransaction(c -> {
                binding.launched(c, first);
                return null;
            });
            assertEquals(
                    Integer.valueOf(3),
                    settings.rules(reg.id(), d.id(), "link-1").attemptLimit());
            // What this node wrote itself is not taken as known until a launch finds it committed.
            LaunchContext second = launch(reg.id(), d.id(), "link-1");
            assertTrue(binding.mayWrite(second));
            settings.setAttemptLimit(reg.id(), d.id(), "link-1", 5); // the instructor's change
            db.inTransaction(c -> {
                binding.launched(c, second);
                return null;
            });
            assertFalse(binding.mayWrite(launch(reg.id(), d.id(), "link-1")), "found bound: nothing to write");
            assertEquals(
                    Integer.valueOf(5),
                    settings.rules(reg.id(), d.id(), "link-1").attemptLimit());
            assertTrue(binding.mayWrite(launch(reg.id(), d.id(), "link-2")), "another link is still unknown");
        }
    }

    private static LaunchContext launch(long registrationId, long deploymentRowId, String link) {
        return new LaunchContext(
                "l-" + UUID.randomUUID(),
                registrationId,
                deploymentRowId,
                MessageType.RESOURCE_LINK,
                "user-1",
                null,
                null,
                null,
                null,
                List.of(),
                "course-1",
                null,
                null,
                link,
                null,
                null,
                null,
                null,
                null,
                new LaunchContext.AgsEndpoint(null, null, List.of()),
                null,
                Map.of(ActivityBinding.CUSTOM_KEY, "act-1"),
                null,
                null,
                Instant.now());
    }
}
