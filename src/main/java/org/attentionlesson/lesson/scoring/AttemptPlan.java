package org.attentionlesson.lesson.scoring;

import java.util.List;

/**
 * The items of one attempt in the order they are shown: the first member of every chosen pair, then the
 * second members in another order. {@code pairIds} lists the chosen pairs in first-half order.
 */
public record AttemptPlan(List<String> pairIds, List<String> itemIds) {

    public AttemptPlan {
        pairIds = List.copyOf(pairIds);
        itemIds = List.copyOf(itemIds);
    }
}
