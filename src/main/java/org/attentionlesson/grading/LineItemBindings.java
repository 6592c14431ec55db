package org.attentionlesson.grading;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.attentionlesson.ags.AccessToken;
import org.attentionlesson.ags.AgsException;
import org.attentionlesson.ags.AgsService;
import org.attentionlesson.ags.LineItem;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;

/**
 * The platform line item of each activity when the launch named none (AGS §3.2; docs/lti.md §5): looked up in the
 * container by {@code resourceLinkId} before anything is created, and created at most once. Within a node one
 * lookup runs per activity at a time; across nodes a claim row in {@code ags_line_item} (primary key on the
 * activity) decides who may create. An activity is a resource link in one deployment: link ids are unique only within
 * a deployment (LTI Core 1.3 §5.3.5), so two deployments reusing a link id each have their own column.
 */
public final class LineItemBindings {
    static final String TAG = "score";

    private final Database db;
    private final AgsService ags;
    private final Clock clock;
    private final String node;
    private final Duration claimTime;
    private final ConcurrentHashMap<String, String> known = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public LineItemBindings(Database db, AgsService ags, Clock clock, String node, Duration claimTime) {
        this.db = db;
        this.ags = ags;
        this.clock = clock;
        this.node = node;
        this.claimTime = claimTime;
    }

    /** The line item URL for this row's activity, found or created; the launch's own {@code lineitem} wins. */
    public String lineItemFor(OutboxRow row, AccessToken token) throws AgsException {
        if (row.agsLineitem() != null && !row.agsLineitem().isBlank()) {
            return row.agsLineitem();
        }
        if (row.agsLineitems() == null || row.agsLineitems().isBlank()) {
            throw AgsException.permanent(0, "The launch named no line item and no line item container.");
        }
        boolean canCreate = row.scopes().contains(org.attentionlesson.ags.AgsScope.LINEITEM);
        boolean canRead = canCreate || row.scopes().contains(org.attentionlesson.ags.AgsScope.LINEITEM_READONLY);
        if (!canRead) {
            throw AgsException.permanent(
                    0,
                    "The launch named no line item, and the platform granted no line item "
                            + "scope to find or create one. Ask the admin to grant the line item scope, or bind the link to a "
                            + "gradebook column.");
        }
        String key = key(row);
        String url = known.get(key);
        if (url != null) {
            return url;
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            url = known.get(key);
            if (url != null) {
                return url;
            }
            Optional<String> stored = stored(row);
            if (stored.isPresent()) {
                known.put(key, stored.get());
                return stored.get();
            }
            if (!claim(row)) {
                throw new AgsException(
                        AgsException.Kind.RETRYABLE,
                        0,
                        "Another node is finding or creating this activity's line item.",
                        Duration.ofSeconds(1));
            }
            String resourceId = "attention:" + row.resourceLinkId();
            Optional<LineItem> found = ags.find(row.agsLineitems(), token, row.resourceLinkId(), resourceId, TAG);
            LineItem item;
            if (found.isPresent()) {
                item = found.get();
            } else if (canCreate) {
                String label =
                        row.linkTitle() == null || row.linkTitle().isBlank() ? "Attention lesson" : row.linkTitle();
                item = ags.create(
                        row.agsLineitems(),
                        token,
                        new LineItem(null, label, row.scoreMaximum(), resourceId, TAG, row.resourceLinkId()));
            } else {
                release(row);
                throw AgsException.permanent(
                        0,
                        "The platform has no line item for this activity, and the tool may "
                                + "only read line items (lineitem.readonly).");
            }
            record(row, item.id());
            known.put(key, item.id());
            return item.id();
        }
    }

    /** Forgets a line item the platform no longer has (404), so the next score looks it up again. */
    public void forget(OutboxRow row, String url) {
        known.remove(key(row), url);
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ags_line_item WHERE registration_id = ? AND "
                    + "deployment_row_id = ? AND resource_link_id = ? AND url = ?")) {
                Sql.bind(ps, row.registrationId(), deployment(row), row.resourceLinkId(), url);
                return ps.executeUpdate();
            }
        });
    }

    private static String key(OutboxRow row) {
        return row.registrationId() + "\n" + deployment(row) + "\n" + row.resourceLinkId();
    }

    /** The row's deployment; 0 (no deployment row has it) for rows from before the tool kept it. */
    private static long deployment(OutboxRow row) {
        return row.deploymentRowId() == null ? 0 : row.deploymentRowId();
    }

    private Optional<String> stored(OutboxRow row) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT url FROM ags_line_item WHERE registration_id = ? "
                    + "AND deployment_row_id = ? AND resource_link_id = ?")) {
                Sql.bind(ps, row.registrationId(), deployment(row), row.resourceLinkId());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getString(1) != null
                            ? Optional.of(rs.getString(1))
                            : Optional.<String>empty();
                }
            }
        });
    }

    /** Takes the creation claim: a new row, or an expired claim of someone else. */
    private boolean claim(OutboxRow row) {
        Instant now = clock.instant();
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ags_line_item (registration_id, deployment_row_id, "
                            + "resource_link_id, url, claimed_by, claim_until, updated_at) VALUES (?, ?, ?, NULL, ?, ?, ?)")) {
                Sql.bind(
                        ps,
                        row.registrationId(),
                        deployment(row),
                        row.resourceLinkId(),
                        node,
                        now.plus(claimTime),
                        now);
                ps.executeUpdate();
                return true;
            } catch (java.sql.SQLException e) {
                if (!Database.StoreException.isUniqueViolation(e)) {
                    throw e;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE ags_line_item SET claimed_by = ?, claim_until = ?, "
                    + "updated_at = ? WHERE registration_id = ? AND deployment_row_id = ? AND resource_link_id = ? "
                    + "AND url IS NULL AND (claim_until < ? OR claimed_by = ?)")) {
                Sql.bind(
                        ps,
                        node,
                        now.plus(claimTime),
                        now,
                        row.registrationId(),
                        deployment(row),
                        row.resourceLinkId(),
                        now,
                        node);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private void record(OutboxRow row, String url) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ags_line_item SET url = ?, claimed_by = NULL, "
                    + "claim_until = NULL, updated_at = ? WHERE registration_id = ? AND deployment_row_id = ? "
                    + "AND resource_link_id = ?")) {
                Sql.bind(ps, url, clock.instant(), row.registrationId(), deployment(row), row.resourceLinkId());
                return ps.executeUpdate();
            }
        });
    }

    private void release(OutboxRow row) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ags_line_item WHERE registration_id = ? AND "
                    + "deployment_row_id = ? AND resource_link_id = ? AND url IS NULL AND claimed_by = ?")) {
                Sql.bind(ps, row.registrationId(), deployment(row), row.resourceLinkId(), node);
                return ps.executeUpdate();
            }
        });
    }
}
