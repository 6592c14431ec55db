package org.attentionlesson.grading;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for a row's next try: base × 2^(tries−1), capped, then a random point in its
 * upper half so rows that failed together do not return together. A platform's {@code Retry-After} is a floor.
 */
public record Backoff(Duration base, Duration max) {

    public Duration delay(int tries, Duration retryAfter) {
        long cap = max.toMillis();
        long exp = base.toMillis() << Math.min(Math.max(tries - 1, 0), 30);
        long d = Math.min(cap, exp <= 0 ? cap : exp);
        long jittered = d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
        if (retryAfter != null) {
            // Honour the platform's wait, with a little jitter so a crowd of rows does not return at one instant.
            long floor = retryAfter.toMillis();
            long spread = Math.max(1, Math.min(floor / 10, 5_000));
            jittered = Math.max(jittered, floor + ThreadLocalRandom.current().nextLong(spread));
        }
        return Duration.ofMillis(jittered);
    }
}
