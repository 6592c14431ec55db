package org.attentionlesson.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.attentionlesson.lesson.content.Flashcard;
import org.junit.jupiter.api.Test;

class FlashcardDeckTest {
    private static final List<Flashcard> CARDS =
            List.of(card("a"), card("b"), card("c"), card("d"), card("e"), card("f"), card("g"), card("h"));

    private static Flashcard card(String id) {
        return new Flashcard(id, "front " + id, "back " + id);
    }

    @Test
    void againBringsTheCardBackAFewCardsLater() {
        FlashcardDeck deck = FlashcardDeck.fresh(CARDS);
        deck.again();
        assertEquals(List.of("b", "c", "d", "a"), deck.state().queue().subList(0, 4));
    }

    @Test
    void oneSuccessIsNotEnoughToRetireACard() {
        FlashcardDeck deck = FlashcardDeck.fresh(CARDS);
        deck.knewIt();
        assertEquals(0, deck.retiredCount());
        assertTrue(deck.state().queue().contains("a"));
        assertEquals(1, deck.recalls("a"));
    }

    @Test
    void theSecondSuccessRetiresTheCard() {
        FlashcardDeck deck = FlashcardDeck.fresh(List.of(card("a"), card("b")));
        deck.knewIt();
        assertEquals("b", deck.current().orElseThrow());
        deck.knewIt();
        deck.knewIt();
        assertEquals(1, deck.retiredCount());
        assertEquals("b", deck.current().orElseThrow());
    }

    @Test
    void againResetsTheRecallCount() {
        FlashcardDeck deck = FlashcardDeck.fresh(List.of(card("a")));
        deck.knewIt();
        deck.again();
        assertEquals(0, deck.recalls("a"));
        deck.knewIt();
        assertEquals(0, deck.retiredCount());
    }

    @Test
    void restoringDropsRemovedCardsAndAddsNewOnes() {
        FlashcardDeck deck = FlashcardDeck.fresh(List.of(card("a"), card("b")));
        deck.knewIt();
        List<Flashcard> changed = new ArrayList<>(List.of(card("b"), card("z")));
        FlashcardDeck restored = FlashcardDeck.restore(deck.state(), changed);
        assertEquals(List.of("b", "z"), restored.state().queue());
        assertEquals(2, restored.total());
    }
}
