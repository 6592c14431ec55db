package org.attentionlesson;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules of docs/ARCHITECTURE.md, as tests: no import cycles between the top-level packages,
 * feature packages never import the composition root, servlets stay thin (no JDBC), and every table has one owning
 * package — only its store classes hold SQL naming the table, and only the root constructs or sees another
 * package's store classes.
 */
class ArchitectureTest {
    private static final String ROOT = "org.attentionlesson";

    /** Table (or view) → the one package whose code may hold SQL naming it (docs/ARCHITECTURE.md, "Who owns what"). */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("platform_registration", "lti"),
            Map.entry("deployment", "lti"),
            Map.entry("registration_source", "lti"),
            Map.entry("registration_origin", "lti"),
            Map.entry("login_state", "lti"),
            Map.entry("used_login_state", "lti"),
            Map.entry("used_nonce", "lti"),
            Map.entry("launch_context", "lti"),
            Map.entry("launch_handoff", "lti"),
            Map.entry("tool_key", "lti"),
            Map.entry("tool_secret", "lti"),
            Map.entry("lti_config_version", "lti"),
            Map.entry("exercise_attempt", "lesson"),
            Map.entry("exercise_answer", "lesson"),
            Map.entry("flashcard_deck", "lesson"),
            Map.entry("grade_event", "grading"),
            Map.entry("grade_outbox", "grading"),
            Map.entry("grading_setting", "grading"),
            Map.entry("grading_setting_v", "grading"),
            Map.entry("ags_line_item", "grading"),
            Map.entry("ags_line_item_v", "grading"),
            Map.entry("activity", "deeplinking"));

    private static final Path MAIN_JAVA = Paths.get("src/main/java");
    private static final Path MIGRATIONS = Paths.get("src/main/resources/db/migration");

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // The predefined option knows test classes by a ".../target/test-classes/" path; a build directory of
                // one's own (-Dattention.buildDir=/elsewhere) leaves ".../test-classes/" alone, so say it here too.
                .withImportOption(location -> !location.contains("/test-classes/"))
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
    }

    @Test
    void theTopLevelPackagesImportEachOtherWithoutCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void featurePackagesDoNotImportTheCompositionRoot() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".*..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT)
                .because("modules get what they need through their constructors; only the root knows every module")
                .check(main);
    }

    @Test
    void servletsHoldNoJdbc() {
        noClasses()
                .that()
                .areAssignableTo(HttpServlet.class)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..")
                .because("servlets read the request, call a module's Java API and render; SQL lives in store classes")
                .check(main);
    }

    @Test
    void storeClassesAreUsedOnlyInsideTheirPackageAndByTheRoot() {
        classes()
                .that(areStoreClasses())
                .should(beUsedOnlyFromTheirOwnPackageOrTheRoot())
                .because("other packages call the owner's public API, which returns records")
                .check(main);
    }

    @Test
    void sqlNamingATableAppearsOnlyInItsOwningPackage() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN_JAVA)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String pkg = topLevelPackage(file);
                for (String table : tablesNamedInSql(Files.readString(file))) {
                    if (!OWNERS.get(table).equals(pkg)) {
                        violations.add(
                                MAIN_JAVA.relativize(file) + " names " + table + " (owner: " + OWNERS.get(table) + ")");
                    }
                }
            }
        }
        assertTrue(
                violations.isEmpty(),
                violations.size() + " SQL uses outside the owner:\n" + String.join("\n", violations));
    }

    @Test
    void noMainSourceFileIsLongerThan400Lines() throws IOException {
        // A file that grows past this does more than one job: split it by responsibility (docs/ARCHITECTURE.md).
        List<String> tooLong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN_JAVA)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                long lines = Files.readAllLines(file).size();
                if (lines > 400) {
                    tooLong.add(MAIN_JAVA.relativize(file) + " has " + lines + " lines");
                }
            }
        }
        assertEquals(List.of(), tooLong, "main source files over 400 lines");
    }

    @Test
    void everyTableTheMigrationsLeaveHasAnOwner() throws IOException {
        // Replays CREATE, DROP and RENAME in version order: what is left is the schema the code works on.
        Pattern statement =
                Pattern.compile("(?i)create\\s+(?:table|(?:or\\s+replace\\s+)?view)\\s+(?:if\\s+not\\s+exists\\s+)?"
                        + "([a-z_][a-z0-9_]*)|drop\\s+(?:table|view)\\s+(?:if\\s+exists\\s+)?([a-z_][a-z0-9_]*)"
                        + "|alter\\s+table\\s+([a-z_][a-z0-9_]*)\\s+rename\\s+to\\s+([a-z_][a-z0-9_]*)");
        TreeSet<String> tables = new TreeSet<>();
        List<Path> migrations;
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            migrations = files.filter(x -> x.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(ArchitectureTest::version))
                    .toList();
        }
        for (Path f : migrations) {
            Matcher m = statement.matcher(Files.readString(f).toLowerCase(Locale.ROOT));
            while (m.find()) {
                if (m.group(1) != null) {
                    tables.add(m.group(1));
                } else if (m.group(2) != null) {
                    tables.remove(m.group(2));
                } else {
                    tables.remove(m.group(3));
                    tables.add(m.group(4));
                }
            }
        }
        assertTrue(tables.contains("launch_context"), "the migrations were read: " + tables);
        tables.removeAll(OWNERS.keySet());
        assertEquals(new TreeSet<String>(), tables, "tables without an owner in ArchitectureTest.OWNERS");
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    @Test
    void theSourceScanFindsTableNamesInSqlAndIgnoresOtherWords() {
        // The scan the ownership rule relies on: SQL split over concatenated literals, a table list in a loop,
        // text blocks; and a word that merely equals a table's name in prose does not count.
        String source = """
                class X {
                    String a = "SELECT id FROM " + "launch_context WHERE x = ?";
                    String b = \"""
                        UPDATE grade_outbox SET status = 'X'
                        \""";
                    String[] c = {"exercise_answer", "flashcard_deck"};
                    String d = "The activity is ready";
                    Object g = model.put("activity", title);
                    String f = "Deployment " + id + " added.";
                    String e = "DELETE FROM ags_line_item_v";
                }
                """;
        assertEquals(
                new TreeSet<>(List.of(
                        "launch_context", "grade_outbox", "exercise_answer", "flashcard_deck", "ags_line_item_v")),
                tablesNamedInSql(source));
    }

    // ---- the source scan ----

    private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL);
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern JOINED = Pattern.compile("\"\\s*\\+\\s*\"");
    private static final Pattern CHAR = Pattern.compile("'(?:[^'\\\\]|\\\\.)'");

    /** Tables named in the SQL of a Java source: after FROM/JOIN/INTO/UPDATE/TABLE, or as a literal of its own. */
    static TreeSet<String> tablesNamedInSql(String source) {
        List<String> literals = new ArrayList<>();
        Matcher blocks = TEXT_BLOCK.matcher(source);
        StringBuilder rest = new StringBuilder();
        while (blocks.find()) {
            literals.add(blocks.group(1));
            blocks.appendReplacement(rest, "\"\"");
        }
        blocks.appendTail(rest);
        String code = CHAR.matcher(rest).replaceAll("' '");
        Matcher m = LITERAL.matcher(JOINED.matcher(code).replaceAll(""));
        while (m.find()) {
            literals.add(m.group(1));
        }
        TreeSet<String> found = new TreeSet<>();
        for (String literal : literals) {
            String lower = literal.toLowerCase(Locale.ROOT);
            for (String table : OWNERS.keySet()) {
                // A literal that is only a name counts for names with an underscore: "activity" or "deployment"
                // alone is a word (a template's model key), not a table list; in SQL every table is still found.
                if ((literal.equals(table) && table.contains("_"))
                        || Pattern.compile("\\b(from|join|into|update|table|exists)\\s+" + table + "(?![a-z0-9_])")
                                .matcher(lower)
                                .find()) {
                    found.add(table);
                }
            }
        }
        return found;
    }

    private static String topLevelPackage(Path file) {
        Path rel = MAIN_JAVA.relativize(file);
        // org/attentionlesson/<package>/...; a file directly in org/attentionlesson is the root
        return rel.getNameCount() > 3 ? rel.getName(2).toString() : "";
    }

    // ---- store classes ----

    private static String topLevelPackage(JavaClass c) {
        String name = c.getPackageName();
        if (name.equals(ROOT) || !name.startsWith(ROOT + ".")) {
            return name.equals(ROOT) ? "" : name;
        }
        String rest = name.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /**
     * Classes that run SQL themselves (use {@link Statement} or {@link java.sql.PreparedStatement}). The
     * {@code store} package is the shared JDBC plumbing (pool, migrations, binding helpers) and owns no table.
     */
    private static DescribedPredicate<JavaClass> areStoreClasses() {
        return new DescribedPredicate<>("are store classes (use java.sql.Statement or PreparedStatement)") {
            @Override
            public boolean test(JavaClass c) {
                return !topLevelPackage(c).equals("store")
                        && c.getDirectDependenciesFromSelf().stream()
                                .anyMatch(d -> d.getTargetClass().isAssignableTo(Statement.class));
            }
        };
    }

    private static ArchCondition<JavaClass> beUsedOnlyFromTheirOwnPackageOrTheRoot() {
        return new ArchCondition<>("be used only from their own package or the root package") {
            @Override
            public void check(JavaClass store, ConditionEvents events) {
                String owner = topLevelPackage(store);
                Map<String, String> outside = new TreeMap<>();
                for (Dependency d : store.getDirectDependenciesToSelf()) {
                    String from = topLevelPackage(d.getOriginClass());
                    if (!from.equals(owner) && !from.isEmpty()) {
                        outside.putIfAbsent(d.getOriginClass().getName(), d.getDescription());
                    }
                }
                outside.forEach((origin, description) -> events.add(SimpleConditionEvent.violated(
                        store, "store class " + store.getName() + " is used by " + origin + ": " + description)));
            }
        };
    }
}
