package org.attentionlesson.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.attentionlesson.lti.PlatformKeys;
import org.attentionlesson.lti.PlatformOrigins;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.lti.RegistrationSourceStore;
import org.attentionlesson.lti.RegistrationSources;
import org.attentionlesson.lti.Registrations;
import org.attentionlesson.outbound.AddressPolicy;
import org.attentionlesson.outbound.OutboundPolicy;
import org.attentionlesson.store.Database;
import org.attentionlesson.web.ToolException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registration admin without the servlet: what the console's forms do to registrations and deployments. */
class RegistrationAdminTest {
    private Database db;
    private Registrations registrations;
    private RegistrationHealth health;
    private RegistrationAdmin admin;

    @BeforeEach
    void setUp() {
        db = new Database("jdbc:h2:mem:ra-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 2);
        Clock clock = Clock.systemUTC();
        registrations = new Registrations(db, clock);
        OutboundPolicy outbound = new OutboundPolicy(AddressPolicy.parse("true"), true);
        org.attentionlesson.lti.LaunchFacts launches =
                new org.attentionlesson.lti.LaunchFacts(new org.attentionlesson.lti.LaunchContexts(db), db);
        org.attentionlesson.grading.GradeOutbox outbox = new org.attentionlesson.grading.GradeOutbox(
                db,
                clock,
                new org.attentionlesson.grading.GradingSettings(db, clock),
                Duration.ofDays(3),
                launches,
                new org.attentionlesson.lesson.AttemptScores(new org.attentionlesson.lesson.AttemptStore(db)));
        health = new RegistrationHealth(
                launches, new org.attentionlesson.grading.DeliveryReports(outbox), clock, outbound);
        PlatformKeys keys = new PlatformKeys(
                PlatformKeys.Settings.defaults(),
                outbound.client(Duration.ofSeconds(1), Duration.ofSeconds(1), 64 * 1024, "test", 2)
                        .resourceRetriever());
        admin = new RegistrationAdmin(
                db,
                registrations,
                new RegistrationSources(new RegistrationSourceStore(db), clock),
                new PlatformOrigins(db, registrations, clock),
                keys,
                health);
    }

    @AfterEach
    void tearDown() throws Exception {
        health.close();
        db.close();
    }

    private static RegistrationForm form(String issuer, List<String> deployments, List<String> lmsAddresses) {
        return new RegistrationForm(
                "School LMS",
                issuer,
                "client-1",
                URI.create(issuer + "/auth"),
                URI.create(issuer + "/jwks"),
                URI.create(issuer + "/token"),
                null,
                deployments,
                lmsAddresses);
    }

    @Test
    void aRegistrationTypedInTheConsoleIsActiveWithItsDeploymentsAddressesAndAManualSource() {
        long id = admin.create(
                form("https://lms.school.invalid", List.of("d-1", "d-2"), List.of("https://www.school.example")),
                "admin");

        PlatformRegistration r = admin.registration(String.valueOf(id));
        RegistrationView view = admin.view(r);
        assertEquals("ACTIVE", view.status());
        assertEquals(
                List.of("d-1", "d-2"),
                view.deployments().stream()
                        .map(RegistrationView.DeploymentView::deploymentId)
                        .sorted()
                        .toList());
        assertEquals("manual", view.source().method());
        assertEquals("https://www.school.example", view.lmsAddresses());
    }

    @Test
    void theSameIssuerAndClientIdTwiceIsAConflict() {
        admin.create(form("https://lms.school.invalid", List.of(), null), "admin");

        ToolException e = assertThrows(
                ToolException.class, () -> admin.create(form("https://lms.school.invalid", List.of(), null), "admin"));
        assertEquals(409, e.status());
        assertEquals("ADMIN_DUPLICATE", e.code());
    }

    @Test
    void disableThenApproveChangesTheStatusAndAnotherWordIsNotAnAction() {
        PlatformRegistration r = admin.registration(
                String.valueOf(admin.create(form("https://lms.school.invalid", List.of(), null), "admin")));

        admin.setStatus(r, "disable");
        assertEquals(
                PlatformRegistration.Status.DISABLED,
                registrations.find(r.id()).orElseThrow().status());
        admin.setStatus(r, "approve");
        assertEquals(
                PlatformRegistration.Status.ACTIVE,
                registrations.find(r.id()).orElseThrow().status());
        assertEquals(
                404,
                assertThrows(ToolException.class, () -> admin.setStatus(r, "delete"))
                        .status());
    }

    @Test
    void deploymentsAreDeclaredWithAnIdOf1To255CharactersAndDisabledByRow() {
        PlatformRegistration r = admin.registration(
                String.valueOf(admin.create(form("https://lms.school.invalid", List.of(), null), "admin")));

        assertEquals("Deployment d-9 added.", admin.declareDeployment(r, " d-9 ", ""));
        ToolException blank = assertThrows(ToolException.class, () -> admin.declareDeployment(r, "  ", null));
        assertEquals("ADMIN_FORM_INVALID", blank.code());
        assertEquals(
                400,
                assertThrows(ToolException.class, () -> admin.declareDeployment(r, "x".repeat(256), null))
                        .status());

        long row = admin.view(r).deployments().get(0).id();
        assertEquals("Deployment d-9 disabled.", admin.setDeploymentStatus(r, String.valueOf(row), "disable"));
        assertEquals("DISABLED", admin.view(r).deployments().get(0).status());
        assertEquals(
                404,
                assertThrows(ToolException.class, () -> admin.setDeploymentStatus(r, "999999", "enable"))
                        .status());
        assertEquals(
                404,
                assertThrows(ToolException.class, () -> admin.registration("not-a-number"))
                        .status());
    }
}
