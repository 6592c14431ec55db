package org.attentionlesson.lesson;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.attentionlesson.lesson.content.Flashcard;
import org.attentionlesson.lesson.content.Lesson;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;
import org.attentionlesson.web.Json;
import org.attentionlesson.web.ToolException;

/** Each learner's flashcard deck for a lesson, kept in {@code flashcard_deck}. Not graded. */
public final class FlashcardService {

    public enum Recall {
        again,
        knew
    }

    /** The deck as the page sees it: the current card's front only; the back is asked for separately. */
    public record DeckView(int total, int retired, boolean done, CardFront current) {}

    public record CardFront(String id, String front, int recalls) {}

    public record CardBack(String id, String back) {}

    private final Database db;
    private final Clock clock;

    public FlashcardService(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public DeckView deck(Learner learner, Lesson lesson) {
        return db.withConnection(c -> view(load(c, learner, lesson, false), lesson));
    }

    public CardBack back(Lesson lesson, String cardId) {
        Flashcard card = card(lesson, cardId);
        return new CardBack(card.id(), card.back());
    }

    /** Records a recall of the current card; a stale card id (a second click) is refused. */
    public DeckView recall(Learner learner, Lesson lesson, String cardId, Recall recall) {
        card(lesson, cardId);
        return db.inTransaction(c -> {
            FlashcardDeck deck = load(c, learner, lesson, true);
            if (deck.current().isEmpty() || !deck.current().get().equals(cardId)) {
                throw ToolException.conflict(
                        "CARD_NOT_CURRENT",
                        "That card is not the one in front of you; " + "reload the page to continue.");
            }
            if (recall == Recall.again) {
                deck.again();
            } else {
                deck.knewIt();
            }
            save(c, learner, lesson, deck);
            return view(deck, lesson);
        });
    }

    public DeckView restart(Learner learner, Lesson lesson) {
        return db.inTransaction(c -> {
            load(c, learner, lesson, true);
            FlashcardDeck deck = FlashcardDeck.fresh(lesson.flashcards());
            save(c, learner, lesson, deck);
            return view(deck, lesson);
        });
    }

    private static Flashcard card(Lesson lesson, String cardId) {
        return lesson.flashcards().stream()
                .filter(f -> f.id().equals(cardId))
                .findFirst()
                .orElseThrow(() -> ToolException.notFound("CARD_NOT_FOUND", "This lesson has no such flashcard."));
    }

    private static DeckView view(FlashcardDeck deck, Lesson lesson) {
        Optional<CardFront> current = deck.current().map(id -> {
            Flashcard card = card(lesson, id);
            return new CardFront(card.id(), card.front(), deck.recalls(id));
        });
        return new DeckView(deck.total(), deck.retiredCount(), current.isEmpty(), current.orElse(null));
    }

    private FlashcardDeck load(Connection c, Learner learner, Lesson lesson, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT state_json FROM flashcard_deck WHERE registration_id = ? "
                        + "AND learner_key = ? AND lesson_id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            Sql.bind(ps, learner.registrationId(), learner.key(), lesson.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return FlashcardDeck.fresh(lesson.flashcards());
                }
                try {
                    FlashcardDeck.State state = Json.MAPPER.readValue(rs.getString(1), FlashcardDeck.State.class);
                    return FlashcardDeck.restore(state, lesson.flashcards());
                } catch (JsonProcessingException e) {
                    return FlashcardDeck.fresh(lesson.flashcards());
                }
            }
        }
    }

    private void save(Connection c, Learner learner, Lesson lesson, FlashcardDeck deck) throws SQLException {
        String json = Json.write(deck.state());
        try (PreparedStatement up = c.prepareStatement("UPDATE flashcard_deck SET state_json = ?, updated_at = ? "
                + "WHERE registration_id = ? AND learner_key = ? AND lesson_id = ?")) {
            Sql.bind(up, json, clock.instant(), learner.registrationId(), learner.key(), lesson.id());
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO flashcard_deck (registration_id, learner_key, "
                + "lesson_id, state_json, updated_at) VALUES (?, ?, ?, ?, ?)")) {
            Sql.bind(ins, learner.registrationId(), learner.key(), lesson.id(), json, clock.instant());
            ins.executeUpdate();
        }
    }
}
