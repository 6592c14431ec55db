package org.attentionlesson.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.attentionlesson.access.Access;
import org.attentionlesson.instructor.ClassRoster.MemberRow;
import org.attentionlesson.instructor.ClassRoster.Progress;
import org.attentionlesson.nrps.Member;
import org.attentionlesson.nrps.Roster;
import org.attentionlesson.store.Database;
import org.attentionlesson.store.Sql;
import org.attentionlesson.support.TestDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The class roster's three readings on real H2 and PostgreSQL, through the owners' APIs: the whole class light (for
 * sorting and paging), one page completed by IN lists, and the streamed walk in chunks for the CSV. A class of 600
 * roster members crosses both the chunk (500) and the IN-list batch (200); the students with work sit in the second
 * chunk, so a chunk that lost them would show.
 */
class ClassRosterReadsIT {
    private static final String LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
    private static final String INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final int CLASS = 600;

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theLightListThePageAndTheWalkAgreeOnEveryStudent(TestDatabase.Kind kind, @TempDir Path dir) throws Exception {
        try (TestDatabase store = TestDatabase.create(kind, dir);
                Database db = new Database(store.jdbcUrl(), null, null, 2)) {
            long[] reg = registration(db);
            Access.Scope scope = new Access.Scope(reg[0], reg[1], "course-1", "link-1");
            // m-550 submitted 9 of 18 (delivered); m-551 is half way (last answer 4 min after start); m-552 staff
            // by launch; "walk-in" launched but is not in the roster; "elsewhere" worked at another link.
            launch(db, reg, "m-550", "Ada Lovelace", LEARNER, "link-1");
            launch(db, reg, "m-551", "Grace Hopper", LEARNER, "link-1");
            launch(db, reg, "m-552", "Teaching Assistant", INSTRUCTOR, "link-1");
            launch(db, reg, "walk-in", "Walk In", LEARNER, "link-1");
            launch(db, reg, "elsewhere", "Other Link", LEARNER, "link-2");
            // m-10 opened the activity and answered nothing; Ada opened it again after submitting.
            launch(db, reg, "m-10", null, LEARNER, "link-1", T.plusSeconds(120));
            launch(db, reg, "m-550", "Ada Lovelace", LEARNER, "link-1", T.plusSeconds(900));
            long done = attempt(db, reg, "m-550", "link-1", T, T.plusSeconds(300), 9.0);
            answer(db, done, "i1", T.plusSeconds(60));
            long open = attempt(db, reg, "m-551", "link-1", T, null, null);
            answer(db, open, "i1", T.plusSeconds(100));
            answer(db, open, "i2", T.plusSeconds(240));
            attempt(db, reg, "elsewhere", "link-2", T, T.plusSeconds(60), 18.0);
            attempt(db, reg, "m-552", "link-1", T, null, null); // staff trying the activity out
            attempt(db, reg, "teacher", "link-1", T, T.plusSeconds(30), 18.0);
            outbox(db, reg, "m-550", "link-1", "DELIVERED");

            List<Member> members = new ArrayList<>();
            members.add(new Member("teacher", "Teacher", null, null, null, List.of(INSTRUCTOR), Member.Status.ACTIVE));
            members.add(new Member("gone", "Gone", null, null, null, List.of(LEARNER), Member.Status.DELETED));
            for (int i = 0; i < CLASS; i++) {
                members.add(new Member(
                        "m-" + i,
                        i == 550 ? null : "Member " + i,
                        null,
                        null,
                        null,
                        List.of(LEARNER),
                        i == 7 ? Member.Status.INACTIVE : Member.Status.ACTIVE));
            }
            Roster roster = new Roster(members, 1, T, null);
            ClassRoster cls = new ClassRoster(db);

            // The walk: every student once, in roster order, then the walk-in; no staff, no deleted member.
            List<MemberRow> walked = new ArrayList<>();
            cls.forEach(scope, "lesson", roster, walked::add);
            List<String> ids = walked.stream().map(MemberRow::subject).toList();
            assertEquals(CLASS - 1 + 1, ids.size(), "600 members less the staff launch, plus the walk-in");
            assertEquals(ids.size(), new HashSet<>(ids).size(), "nobody twice");
            assertEquals("m-0", ids.get(0));
            assertEquals("walk-in", ids.get(ids.size() - 1));
            assertFalse(ids.contains("m-552")
                    || ids.contains("teacher")
                    || ids.contains("gone")
                    || ids.contains("elsewhere"));
            Map<String, MemberRow> byId =
                    walked.stream().collect(Collectors.toMap(MemberRow::subject, Function.identity()));
            MemberRow ada = byId.get("m-550");
            assertEquals("Ada Lovelace", ada.name(), "the launch's name where the roster has none");
            assertEquals(Progress.SUBMITTED, ada.progress());
            assertEquals(50, ada.bestPercent());
            assertEquals(300, ada.secondsSpent());
            assertEquals("DELIVERED", ada.delivery());
            MemberRow grace = byId.get("m-551");
            assertEquals(Progress.IN_PROGRESS, grace.progress());
            assertEquals(240, grace.secondsSpent(), "an open attempt counts up to its last answer");
            assertEquals(T.plusSeconds(240), grace.lastActivity());
            assertEquals(T.plusSeconds(900), ada.lastActivity(), "opening the activity again is activity");
            assertEquals(T.plusSeconds(240), grace.lastActivity(), "her last answer is later than her launch");
            MemberRow opened = byId.get("m-10");
            assertEquals(Progress.NOT_STARTED, opened.progress());
            assertTrue(opened.opened());
            assertEquals(T.plusSeconds(120), opened.lastActivity(), "opened, not started: when she opened it");
            assertEquals(T, byId.get("walk-in").lastActivity());
            assertFalse(byId.get("m-3").opened());
            assertNull(byId.get("m-3").lastActivity(), "never opened: no activity");
            assertTrue(byId.get("m-7").inactive());
            assertFalse(byId.get("walk-in").inRoster());
            assertEquals(Progress.NOT_STARTED, byId.get("m-3").progress());

            // The light list: the same students, the open attempt without its answers, no delivery status.
            ClassRoster.Result light = cls.forLink(scope, "lesson", roster, false);
            assertFalse(light.complete());
            Map<String, MemberRow> lightById =
                    light.members().stream().collect(Collectors.toMap(MemberRow::subject, Function.identity()));
            assertEquals(Set.copyOf(ids), lightById.keySet());
            assertTrue(light.staff().containsAll(Set.of("m-552", "teacher")));
            assertEquals(Progress.IN_PROGRESS, lightById.get("m-551").progress(), "progress filters need no detail");
            assertEquals(0, lightById.get("m-551").secondsSpent());
            assertNull(lightById.get("m-550").delivery());
            // ... and the shown page completed by IN lists equals the walk's rows.
            List<MemberRow> page = cls.complete(
                    scope, "lesson", List.of(lightById.get("m-551"), lightById.get("m-550"), lightById.get("m-3")));
            assertEquals(List.of(grace, ada, byId.get("m-3")), page);
            assertEquals(T.plusSeconds(120), lightById.get("m-10").lastActivity());
            // A row as the by-name pages list it (opened, nothing read yet) gets its launch time when completed.
            MemberRow bare = new MemberRow(
                    "m-10", "Member 10", Progress.NOT_STARTED, 0, null, null, 0, null, null, true, false, true);
            assertEquals(List.of(opened), cls.complete(scope, "lesson", List.of(bare)));
            // Read complete for a sort by time or delivery, every row equals the walk's.
            ClassRoster.Result full = cls.forLink(scope, "lesson", roster, true);
            assertEquals(
                    byId, full.members().stream().collect(Collectors.toMap(MemberRow::subject, Function.identity())));

            // One student for the drill-down: staff and strangers are nobody.
            assertEquals(grace, cls.one(scope, "lesson", roster, "m-551").orElseThrow());
            assertEquals(
                    byId.get("walk-in"),
                    cls.one(scope, "lesson", roster, "walk-in").orElseThrow());
            assertTrue(cls.one(scope, "lesson", roster, "m-552").isEmpty());
            assertTrue(cls.one(scope, "lesson", roster, "teacher").isEmpty());
            assertTrue(cls.one(scope, "lesson", roster, "elsewhere").isEmpty());

            // By name, paged from the roster: every page, both directions and a search equal the whole class read
            // and sorted (same rows, same order, same counts), the walk-in and the launch's name included.
            NamePages byName = new NamePages(
                    new org.attentionlesson.lti.ContextLearners(db),
                    new org.attentionlesson.lesson.AttemptRecords(db),
                    cls);
            for (ClassView.Query q : List.of(
                    ClassView.Query.DEFAULT,
                    new ClassView.Query(ClassView.Sort.NAME, false, null, "", 3),
                    new ClassView.Query(ClassView.Sort.NAME, true, null, "", 1),
                    new ClassView.Query(ClassView.Sort.NAME, true, null, "", 9),
                    new ClassView.Query(ClassView.Sort.NAME, false, null, "walk", 1),
                    new ClassView.Query(ClassView.Sort.NAME, false, null, "LOVELACE", 1))) {
                ClassView.Page expected = ClassView.page(full.members(), q);
                ClassView.Page got =
                        byName.page(scope, "lesson", roster, q).orElseThrow().page();
                assertEquals(expected, got, q.toString());
            }
            ClassView.Page first = byName.page(scope, "lesson", roster, ClassView.Query.DEFAULT)
                    .orElseThrow()
                    .page();
            assertEquals(
                    Map.of("NOT_STARTED", CLASS - 1 + 1 - 2, "IN_PROGRESS", 1, "SUBMITTED", 1),
                    first.counts(),
                    "counted by the database, staff and the other link left out");
            assertEquals("Ada Lovelace", first.rows().get(0).name(), "sorted by the launch's name");
            ClassView.Page walkIn = byName.page(
                            scope, "lesson", roster, new ClassView.Query(ClassView.Sort.NAME, false, null, "walk", 1))
                    .orElseThrow()
                    .page();
            assertEquals(List.of(byId.get("walk-in")), walkIn.rows(), "launched, not in the roster, still listed");
            assertTrue(
                    byName.page(scope, "lesson", roster, new ClassView.Query(ClassView.Sort.BEST, false, null, "", 1))
                            .isEmpty());
        }
    }

    private static long[] registration(Database db) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO platform_registration (issuer, client_id, name, "
                            + "auth_url, jwks_url, status, created_at, updated_at) VALUES ('https://lms.example', 'c', 'c', "
                            + "'https://lms.example/auth', 'https://lms.example/jwks', 'ACTIVE', ?, ?)",
                    new String[] {"id"})) {
                Sql.bind(ps, T, T);
                ps.executeUpdate();
                long reg;
                try (var keys = ps.getGeneratedKeys()) {
                    keys.next();
                    reg = keys.getLong(1);
                }
                try (PreparedStatement d = c.prepareStatement(
                        "INSERT INTO deployment (registration_id, deployment_id, "
                                + "status, created_at) VALUES (?, '1', 'ACTIVE', ?)",
                        new String[] {"id"})) {
                    Sql.bind(d, reg, T);
                    d.executeUpdate();
                    try (var keys = d.getGeneratedKeys()) {
                        keys.next();
                        return new long[] {reg, keys.getLong(1)};
                    }
                }
            }
        });
    }

    private static void launch(Database db, long[] reg, String subject, String name, String role, String link) {
        launch(db, reg, subject, name, role, link, T);
    }

    private static void launch(
            Database db, long[] reg, String subject, String name, String role, String link, Instant at) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO launch_context (id, registration_id, "
                    + "deployment_row_id, message_type, subject, name, roles, context_id, resource_link_id, created_at) "
                    + "VALUES (?, ?, ?, 'LtiResourceLinkRequest', ?, ?, ?, 'course-1', ?, ?)")) {
                Sql.bind(
                        ps,
                        "launch-" + subject + "-" + link + "-" + at.getEpochSecond(),
                        reg[0],
                        reg[1],
                        subject,
                        name,
                        "[\"" + role + "\"]",
                        link,
                        at);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static long attempt(
            Database db, long[] reg, String learner, String link, Instant started, Instant submitted, Double score) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO exercise_attempt (registration_id, learner_key, "
                            + "anonymous, resource_link_id, lesson_id, attempt_number, launch_id, pair_ids, item_ids, started_at, "
                            + "submitted_at, score_given, score_maximum, deployment_row_id, context_id) VALUES (?, ?, FALSE, ?, "
                            + "'lesson', 1, ?, 'p1', 'i1,i2,i3', ?, ?, ?, ?, ?, 'course-1')",
                    new String[] {"id"})) {
                Sql.bind(
                        ps,
                        reg[0],
                        learner,
                        link,
                        "launch-" + learner + "-" + link,
                        started,
                        submitted,
                        score,
                        score == null ? null : 18.0,
                        reg[1]);
                if (submitted == null) {
                    ps.setNull(6, java.sql.Types.TIMESTAMP);
                    ps.setNull(7, java.sql.Types.DOUBLE);
                    ps.setNull(8, java.sql.Types.DOUBLE);
                }
                ps.executeUpdate();
                try (var keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    private static void answer(Database db, long attemptId, String item, Instant at) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO exercise_answer (attempt_id, item_id, "
                    + "antecedent_index, cue_index, antecedent_correct, cue_correct, points, committed_at) "
                    + "VALUES (?, ?, 0, 1, TRUE, FALSE, 1, ?)")) {
                Sql.bind(ps, attemptId, item, at);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static void outbox(Database db, long[] reg, String subject, String link, String status) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO grade_outbox (registration_id, subject, "
                    + "resource_link_id, launch_id, attempt_number, score_given, score_maximum, score_timestamp, "
                    + "submitted_at, regrade, status, tries, next_attempt_at, give_up_at, created_at, "
                    + "deployment_row_id, context_id) VALUES (?, ?, ?, 'l', 1, 9, 18, ?, ?, FALSE, ?, 1, ?, ?, ?, ?, "
                    + "'course-1')")) {
                Sql.bind(ps, reg[0], subject, link, T, T, status, T, T, T, reg[1]);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
