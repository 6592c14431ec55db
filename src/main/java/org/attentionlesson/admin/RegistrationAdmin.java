package org.attentionlesson.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.attentionlesson.lti.Deployment;
import org.attentionlesson.lti.PlatformKeys;
import org.attentionlesson.lti.PlatformOrigins;
import org.attentionlesson.lti.PlatformRegistration;
import org.attentionlesson.lti.RegistrationSources;
import org.attentionlesson.lti.Registrations;
import org.attentionlesson.store.Database;
import org.attentionlesson.web.ToolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration admin (docs/lti.md §1, §8): add a registration by hand, edit its endpoints and LMS addresses, approve,
 * enable or disable it and its deployments, and the views of it the console shows. Each action returns the plain
 * sentence the console flashes; every refusal is a {@link ToolException} with a stable code.
 */
public final class RegistrationAdmin {
    private static final Logger log = LoggerFactory.getLogger(RegistrationAdmin.class);

    private final Database db;
    private final Registrations registrations;
    private final RegistrationSources sources;
    private final PlatformOrigins origins;
    private final PlatformKeys platformKeys;
    private final RegistrationHealth health;

    public RegistrationAdmin(
            Database db,
            Registrations registrations,
            RegistrationSources sources,
            PlatformOrigins origins,
            PlatformKeys platformKeys,
            RegistrationHealth health) {
        this.db = db;
        this.registrations = registrations;
        this.sources = sources;
        this.origins = origins;
        this.platformKeys = platformKeys;
        this.health = health;
    }

    // ---- views ----

    /** Every registration with its health, for the console's list. */
    public List<RegistrationView> all() {
        List<PlatformRegistration> all = registrations.all();
        Map<Long, RegistrationHealth.Health> h = health.of(all);
        List<RegistrationView> out = new ArrayList<>(all.size());
        for (PlatformRegistration r : all) {
            out.add(view(r, h.get(r.id())));
        }
        return out;
    }

    public RegistrationView view(PlatformRegistration r) {
        return view(r, health.of(r));
    }

    private RegistrationView view(PlatformRegistration r, RegistrationHealth.Health h) {
        return RegistrationView.of(r, h, registrations.deployments(r.id()), sources.of(r.id()), origins);
    }

    /** The registration with this id (as typed in an address), or 404 {@code NOT_FOUND}. */
    public PlatformRegistration registration(String id) {
        return registrations
                .find(parseId(id))
                .orElseThrow(() -> ToolException.notFound("NOT_FOUND", "There is no such registration."));
    }

    // ---- actions ----

    /** Adds a registration typed into the console, active, with its deployments and LMS addresses, in one transaction. */
    public long create(RegistrationForm f, String admin) {
        try {
            long id = db.inTransaction(c -> {
                if (registrations.find(f.issuer(), f.clientId()).isPresent()) {
                    throw duplicate();
                }
                PlatformRegistration r = registrations.insert(
                        c,
                        f.issuer(),
                        f.clientId(),
                        f.name(),
                        f.authUrl(),
                        f.jwksUrl(),
                        f.tokenUrl(),
                        f.tokenAudience(),
                        null,
                        PlatformRegistration.Status.ACTIVE);
                for (String d : f.deploymentIds()) {
                    registrations.ensureDeployment(c, r.id(), d, null);
                }
                if (f.lmsAddresses() != null) {
                    origins.setConfigured(c, r.id(), f.lmsAddresses());
                }
                sources.recordManual(c, r.id());
                return r.id();
            });
            registrations.setStatus(id, PlatformRegistration.Status.ACTIVE); // notifies listeners
            log.info("Admin {} added registration {} for {}", admin, id, f.issuer());
            return id;
        } catch (Database.StoreException e) {
            if (e.isUniqueViolation()) {
                throw duplicate();
            }
            throw e;
        }
    }

    /** Saves an edit; the issuer and client id stay (they identify the registration). */
    public String edit(PlatformRegistration r, RegistrationForm f) {
        registrations.upsert(
                r.issuer(),
                r.clientId(),
                f.name(),
                f.authUrl(),
                f.jwksUrl(),
                f.tokenUrl(),
                f.tokenAudience(),
                r.productFamily(),
                r.status());
        if (f.lmsAddresses() != null) {
            origins.setConfigured(r.id(), f.lmsAddresses());
        }
        platformKeys.forget(r.jwksUrl());
        health.forget(r.jwksUrl());
        return "Registration saved.";
    }

    /** {@code approve}, {@code enable} or {@code disable} a registration; 404 for another word. */
    public String setStatus(PlatformRegistration r, String action) {
        return switch (action) {
            case "approve", "enable" -> {
                registrations.setStatus(r.id(), PlatformRegistration.Status.ACTIVE);
                yield "Registration is active: launches from it work now.";
            }
            case "disable" -> {
                registrations.setStatus(r.id(), PlatformRegistration.Status.DISABLED);
                yield "Registration disabled: launches from it are refused.";
            }
            default -> throw noSuchAction();
        };
    }

    /** Declares a deployment id an admin typed (1 to 255 characters) on the registration. */
    public String declareDeployment(PlatformRegistration r, String deploymentId, String name) {
        if (deploymentId == null
                || deploymentId.isBlank()
                || deploymentId.trim().length() > 255) {
            throw ToolException.badRequest("ADMIN_FORM_INVALID", "A deployment id is 1 to 255 characters.");
        }
        String id = deploymentId.trim();
        registrations.declareDeployment(r.id(), id, name == null || name.isBlank() ? null : name.trim());
        return "Deployment " + id + " added.";
    }

    /** {@code enable}/{@code approve} or {@code disable} one of the registration's deployments (by row id). */
    public String setDeploymentStatus(PlatformRegistration r, String rowId, String action) {
        long row = parseId(rowId);
        Deployment d = registrations.deployments(r.id()).stream()
                .filter(x -> x.id() == row)
                .findFirst()
                .orElseThrow(() -> ToolException.notFound("NOT_FOUND", "There is no such deployment."));
        Deployment.Status s = switch (action) {
            case "enable", "approve" -> Deployment.Status.ACTIVE;
            case "disable" -> Deployment.Status.DISABLED;
            default -> throw noSuchAction();
        };
        registrations.setDeploymentStatus(d.id(), s);
        return "Deployment " + d.deploymentId()
                + (s == Deployment.Status.ACTIVE
                        ? (d.status() == Deployment.Status.REFUSED
                                ? " approved: launches from it work now."
                                : " enabled.")
                        : " disabled.");
    }

    static ToolException noSuchAction() {
        return ToolException.notFound("NOT_FOUND", "There is no such admin action.");
    }

    private static ToolException duplicate() {
        return ToolException.conflict("ADMIN_DUPLICATE", "This issuer and client id are already registered.");
    }

    private static long parseId(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ToolException.notFound("NOT_FOUND", "There is no such registration.");
        }
    }
}
