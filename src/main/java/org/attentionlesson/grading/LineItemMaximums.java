package org.attentionlesson.grading;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.attentionlesson.ags.AccessToken;
import org.attentionlesson.ags.AgsException;
import org.attentionlesson.ags.AgsScope;
import org.attentionlesson.ags.AgsService;
import org.attentionlesson.ags.LineItem;

/**
 * The {@code scoreMaximum} of each gradebook column, read from the platform (AGS 2.0 §3.2) rather than assumed, so
 * a score is sent on the column's own scale and the gradebook shows what the tool shows (a column out of 10 gets
 * 5 for half marks, not 9 of 18 rescaled by the platform). Cached a few minutes per line item URL.
 */
public final class LineItemMaximums {
    private record Known(Double maximum, Instant readAt) {}

    private final AgsService ags;
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentHashMap<String, Known> cache = new ConcurrentHashMap<>();

    public LineItemMaximums(AgsService ags, Clock clock, Duration ttl) {
        this.ags = ags;
        this.clock = clock;
        this.ttl = ttl;
    }

    /**
     * The column's maximum, or null when it cannot be known: the platform granted no line item scope, or refused
     * the read, or the read failed (then the score goes out on the tool's own scale, which the platform rescales; a
     * failed read is not cached, so the next score reads again).
     */
    public Double maximum(String lineItemUrl, AccessToken token, Set<String> scopes) throws AgsException {
        if (!scopes.contains(AgsScope.LINEITEM) && !scopes.contains(AgsScope.LINEITEM_READONLY)) {
            return null;
        }
        Known k = cache.get(lineItemUrl);
        Instant now = clock.instant();
        if (k != null && now.isBefore(k.readAt().plus(ttl))) {
            return k.maximum();
        }
        Double max;
        try {
            LineItem item = ags.get(lineItemUrl, token);
            max = item.scoreMaximum() > 0 && Double.isFinite(item.scoreMaximum()) ? item.scoreMaximum() : null;
        } catch (AgsException e) {
            if (e.kind() != AgsException.Kind.PERMANENT) {
                return null; // not cached: the next score reads again; this one goes out on the tool's scale
            }
            max = null;
        } catch (RuntimeException e) {
            return null;
        }
        cache.put(lineItemUrl, new Known(max, now));
        return max;
    }

    /** {@code given} of {@code max} on a scale of {@code columnMax}, to 4 decimals (AGS 2.0 §3.4 scoreGiven). */
    public static double scale(double given, double max, double columnMax) {
        if (max <= 0) {
            return given;
        }
        return Math.round(given / max * columnMax * 10_000d) / 10_000d;
    }
}
