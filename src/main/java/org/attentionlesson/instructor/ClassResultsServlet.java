package org.attentionlesson.instructor;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlesson.access.Access;
import org.attentionlesson.instructor.ClassRoster.MemberRow;
import org.attentionlesson.lesson.Lessons;
import org.attentionlesson.lesson.content.Lesson;
import org.attentionlesson.lti.LaunchContext;
import org.attentionlesson.lti.LaunchSession;
import org.attentionlesson.nrps.Roster;
import org.attentionlesson.nrps.RosterService;
import org.attentionlesson.web.Messages;
import org.attentionlesson.web.Templates;
import org.attentionlesson.web.ToolException;

/**
 * {@code GET /instructor/class?lt=…}: the class at the launch's resource link, for staff of that link only
 * ({@link Access.Need#STAFF_OF_LINK}: a learner gets 403 NOT_INSTRUCTOR, a launch without a resource link 400
 * NO_RESOURCE_LINK; rows of other deployments and courses are never read). Views: the students ({@code view=students}, default; every roster member,
 * sorted, filtered and paged, see {@link ClassView}), the items and class attention map ({@code view=items}), the
 * twin pairs ({@code view=pairs}), one student's work ({@code student=<user id>}), and
 * {@code GET /instructor/class/export?lt=…} the CSV (streamed). {@code refresh=1} reads the roster from the platform
 * anew. The students view reads the whole class light and completes only the page shown ({@link ClassRoster}).
 */
public final class ClassResultsServlet extends HttpServlet {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Access access;
    private final Templates templates;
    private final Lessons lessons;
    private final ClassResults results;
    private final ClassRoster roster;
    private final NamePages byName;
    private final RosterService rosters;
    private final StudentWork work;

    public ClassResultsServlet(
            LaunchSession session,
            Templates templates,
            Lessons lessons,
            ClassResults results,
            ClassRoster roster,
            NamePages byName,
            RosterService rosters,
            StudentWork work) {
        this.access = new Access(session);
        this.templates = templates;
        this.lessons = lessons;
        this.results = results;
        this.roster = roster;
        this.byName = byName;
        this.rosters = rosters;
        this.work = work;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Access.Grant grant = access.require(req, Access.Need.STAFF_OF_LINK);
        LaunchContext launch = grant.launch();
        Lesson lesson = lessons.forLaunch(launch);
        boolean export = "/export".equals(req.getPathInfo());
        if (req.getPathInfo() != null && !export) {
            throw ToolException.notFound("NOT_FOUND", "There is no such class page.");
        }
        boolean refresh = "1".equals(req.getParameter("refresh"));
        Roster members = rosters.forLaunch(launch, refresh);
        Access.Scope scope = grant.scope();
        if (refresh) {
            byName.forget(scope); // what other nodes wrote shows at once
        }
        if (export) {
            sendCsv(resp, scope, lesson.id(), members);
            return;
        }
        String view = req.getParameter("view") == null ? "students" : req.getParameter("view");
        String student = req.getParameter("student");
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("launchToken", LaunchSession.tokenOf(req));
        model.put("activity", launch.resourceLinkTitle() == null ? lesson.title() : launch.resourceLinkTitle());
        model.put(
                "rosterNotice",
                members.problem() == null ? "" : members.problem().message());
        model.put(
                "rosterCode", members.problem() == null ? "" : members.problem().code());
        model.put("rosterAt", WHEN.format(members.fetchedAt()));
        model.put("rosterKnown", members.complete());
        model.put("truncated", false);
        if (student != null) {
            MemberRow row = roster.one(scope, lesson.id(), members, student)
                    .orElseThrow(() -> ToolException.notFound(
                            "STUDENT_UNKNOWN", "No student with that user id is in this class."));
            model.put("view", "student");
            model.put("student", studentModel(row));
            model.put("attempts", work.attempts(scope, lesson.id(), row.subject(), lesson.exercise()));
        } else if (view.equals("items") || view.equals("pairs")) {
            ClassResults.Report report = results.forLink(scope, lesson, roster.staff(scope, members));
            model.put("view", view);
            model.put("items", report.items());
            model.put("pairs", report.pairs());
            model.put("truncated", report.truncated());
        } else if (view.equals("students")) {
            ClassView.Query q = ClassView.Query.of(req);
            // By name, the page comes from the roster in memory and only its students are read (NamePages); other
            // sorts and filters read the whole class light (one query per source) and complete only the page shown,
            // unless the sort needs a column the light reading leaves out.
            ClassView.Page page;
            List<MemberRow> shown;
            boolean truncated;
            NamePages.Shown fast = byName.page(scope, lesson.id(), members, q).orElse(null);
            if (fast != null) {
                page = fast.page();
                shown = page.rows();
                truncated = fast.truncated();
            } else {
                boolean sortsByDetail = q.sort() == ClassView.Sort.TIME
                        || q.sort() == ClassView.Sort.ACTIVITY
                        || q.sort() == ClassView.Sort.DELIVERY;
                ClassRoster.Result cls = roster.forLink(scope, lesson.id(), members, sortsByDetail);
                page = ClassView.page(cls.members(), q);
                shown = cls.complete() ? page.rows() : roster.complete(scope, lesson.id(), page.rows());
                truncated = cls.truncated();
            }
            List<Map<String, Object>> rows = new ArrayList<>(shown.size());
            for (MemberRow r : shown) {
                rows.add(studentModel(r));
            }
            model.put("view", "students");
            model.put("students", rows);
            model.put("page", page);
            model.put("truncated", truncated);
            model.put(
                    "query",
                    Map.of(
                            "sort",
                            q.sort().name().toLowerCase(java.util.Locale.ROOT),
                            "dir",
                            q.descending() ? "desc" : "asc",
                            "progress",
                            q.progress() == null ? "" : q.progress().name().toLowerCase(java.util.Locale.ROOT),
                            "q",
                            q.search()));
        } else {
            throw ToolException.badRequest("BAD_VIEW", "view must be students, items or pairs.");
        }
        templates.send(resp, 200, "instructor/class.ftlh", model, Messages.parseLocale(launch.locale()));
    }

    private static Map<String, Object> studentModel(MemberRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", r.subject());
        m.put("name", r.name() == null ? "" : r.name());
        m.put("progress", r.progress().name());
        m.put("attempts", r.attempts());
        m.put("best", r.bestPercent() == null ? -1 : r.bestPercent());
        m.put("latest", r.latestPercent() == null ? -1 : r.latestPercent());
        m.put("seconds", r.secondsSpent());
        m.put("lastActivity", r.lastActivity() == null ? "" : WHEN.format(r.lastActivity()));
        m.put("delivery", r.delivery() == null ? "" : r.delivery());
        m.put("inRoster", r.inRoster());
        m.put("inactive", r.inactive());
        m.put("opened", r.opened());
        return m;
    }

    /** The CSV, streamed: each chunk of the class is read and written before the next (memory stays flat). */
    private void sendCsv(HttpServletResponse resp, Access.Scope scope, String lessonId, Roster members)
            throws IOException {
        resp.setStatus(200);
        resp.setContentType("text/csv");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Content-Disposition", "attachment; filename=\"class-results.csv\"");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        BufferedWriter out =
                new BufferedWriter(new OutputStreamWriter(resp.getOutputStream(), StandardCharsets.UTF_8), 16 * 1024);
        ClassCsv.header(out);
        roster.forEach(scope, lessonId, members, r -> ClassCsv.row(out, r));
        out.flush();
    }
}
