package org.attentionlesson.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.attentionlesson.lti.Deployment;
import org.attentionlesson.lti.PlatformOrigins;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.lti.RegistrationSource;
import org.attentionlesson.lti.ToolKeys;

/**
 * What the admin pages show of one registration (templates/admin/*.ftlh): text ready to print, no nulls, and only
 * what is meant for the page. Times are UTC minutes.
 */
public record RegistrationView(
        long id,
        String name,
        String issuer,
        String clientId,
        String authUrl,
        String jwksUrl,
        String tokenUrl,
        String tokenAudience,
        String product,
        String status,
        List<DeploymentView> deployments,
        SourceView source,
        String lmsAddresses,
        List<String> lmsLearned,
        boolean jwksOk,
        String jwksDetail,
        String lastLaunch,
        long launchCount,
        boolean gradesAvailable,
        String lastScore,
        long gradesPending,
        long gradesFailed,
        boolean healthy) {

    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    public record DeploymentView(long id, String deploymentId, String name, String status) {}

    public record SourceView(String method, String version, String scope, String at) {}

    /** A tool key as the console lists it (rotation: docs/lti.md §10). */
    public record KeyView(
            String kid,
            String created,
            String signingFrom,
            String retiredAt,
            String unpublishAt,
            boolean signingNow,
            boolean published) {

        static KeyView of(ToolKeys.KeyInfo k) {
            return new KeyView(
                    k.kid(),
                    time(k.createdAt()),
                    time(k.signingFrom()),
                    time(k.retiredAt()),
                    time(k.unpublishAt()),
                    k.signingNow(),
                    k.published());
        }
    }

    static RegistrationView of(
            PlatformRegistration r,
            RegistrationHealth.Health h,
            List<Deployment> deployments,
            RegistrationSource source,
            PlatformOrigins origins) {
        List<DeploymentView> deps = new ArrayList<>();
        for (Deployment d : deployments) {
            deps.add(new DeploymentView(
                    d.id(), d.deploymentId(), text(d.name()), d.status().name()));
        }
        List<String> learned = new ArrayList<>(origins.stored(r.id(), PlatformOrigins.REGISTRATION));
        learned.addAll(origins.stored(r.id(), PlatformOrigins.LAUNCH));
        return new RegistrationView(
                r.id(),
                r.name(),
                r.issuer(),
                r.clientId(),
                text(r.authUrl()),
                text(r.jwksUrl()),
                text(r.tokenUrl()),
                text(r.tokenAudience()),
                text(r.productFamily()),
                r.status().name(),
                deps,
                new SourceView(
                        source.method(),
                        text(source.productVersion()),
                        text(source.grantedScope()),
                        time(source.createdAt())),
                String.join(" ", origins.stored(r.id(), PlatformOrigins.ADMIN)),
                learned,
                h.jwks().reachable(),
                h.jwks().detail(),
                time(h.launches().last()),
                h.launches().count(),
                h.grades().available(),
                time(h.grades().lastDelivered()),
                h.grades().pending(),
                h.grades().failed(),
                r.status() == PlatformRegistration.Status.ACTIVE && h.healthy());
    }

    static String time(Instant i) {
        return i == null ? "" : TIME.format(i);
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }
}
