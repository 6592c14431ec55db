<#ftl output_format="plainText" strip_whitespace=true>
# Attention lesson in Moodle 4.x

For Moodle 4.x (checked against 4.5). This guide is served by the tool at `${tool.configFileUrl("moodle.md")}` and
shown to the tool's admins at `${tool.baseUrl()}/admin/guides/moodle`, with this tool's own addresses filled in.

There are two people in it: the **Moodle site administrator**, who registers the tool once for the whole site, and
the **teacher**, who adds it to a course as a graded activity. A third step may fall to the administrator of this
tool (approving the registration); often that is the same person as the Moodle administrator.

## Admin: register the tool (dynamic registration, about two minutes)

1. In Moodle go to **Site administration** → **Plugins** → **Activity modules** → **External tool** →
   **Manage tools**.
2. Paste the tool's registration URL into the **Tool URL** box and press **Add LTI Advantage**:

   `${tool.registrationUrl()}`

3. Moodle opens the tool's registration page on the Manage tools page.
   - If the tool approves registrations at once, the page says **"The Attention lesson is registered"** and Moodle
     closes it by itself.
   - Otherwise the page says **"Registered, but not usable yet: waiting for approval"** and stays open until you
     press **I have noted this: return to the LMS**. Teachers cannot use the tool until it is approved in the
     tool's admin console (step 6), even though Moodle will show the tool as active.
   - If something is wrong the page says **"The tool could not be registered"**, with the reason and a code
     (for example `DR_ISSUER_MISMATCH`). Nothing was stored; fix the cause and start again.
4. A tool card named **Attention lesson** appears with the tag **Pending**. Press **Activate** on
   the card. The tag changes to **Active** (that is Moodle's side only).
5. Press the card's **Edit** icon (the pencil). In the settings form:
   - **Tool configuration usage**: choose **Show in activity chooser and as a preconfigured tool**. A tool added by
     dynamic registration starts as "Show as preconfigured tool when adding an external tool", and Moodle 4.5 has
     no general "External tool" entry in the activity chooser, so without this change teachers do not find the
     tool anywhere until they switch it on themselves in their course (see the teacher's part).
   - **Default launch container**: **Embed, without blocks** (the lesson inside Moodle, with the most room) or
     **New window**. See "Embedded or a new window" below.
   - Under **Services**: **IMS LTI Assignment and Grade Services** = **Use this service for grade sync and column
     management**; **IMS LTI Names and Role Provisioning** = **Use this service to retrieve members' information as
     per privacy settings**.
   - Under **Privacy**: **Share launcher's name with tool** = **Always** (teachers then see names, not numbers, on
     the tool's review and grade pages); **Share launcher's email with tool** as your policy says; **Accept grades
     from the tool** = **Always**.
   - Press **Save changes**.
6. If step 3 said "waiting for approval": open the tool's admin console at `${tool.baseUrl()}/admin/`. The box
   **Waiting for approval** at the top lists the registration with Moodle's address as issuer; press **Approve**.
   It turns **active**, and its health shows Moodle's key set as reachable.

## Admin: register the tool by hand (if dynamic registration is not possible)

**Site administration** → **Plugins** → **Activity modules** → **External tool** → **Manage tools** → **configure a
tool manually**, then fill in:

| Moodle field | Value |
|---|---|
| Tool name | `${title}` |
| Tool URL | `${tool.launchUrl()}` |
| LTI version | LTI 1.3 |
| Public key type | Keyset URL |
| Public keyset | `${tool.jwksUrl()}` |
| Initiate login URL | `${tool.loginUrl()}` |
| Redirection URI(s) | `${tool.launchUrl()}` |
| Tool configuration usage | Show in activity chooser and as a preconfigured tool |
| Default launch container | Embed, without blocks (or New window) |
| Supports Deep Linking (Content-Item Message) | checked |
| Content Selection URL | `${tool.launchUrl()}` |
| Icon URL | `${tool.logoUrl()}` |
| IMS LTI Assignment and Grade Services | Use this service for grade sync and column management |
| IMS LTI Names and Role Provisioning | Use this service to retrieve members' information as per privacy settings |
| Share launcher's name with tool | Always |
| Share launcher's email with tool | Always (or as your policy says) |
| Accept grades from the tool | Always |

Press **Save changes**, then the new card's **View configuration details** icon, and copy its values into the
tool's admin console (`${tool.baseUrl()}/admin/` → **Add a registration**):

| Moodle shows | Tool admin console field |
|---|---|
| Platform ID | Issuer |
| Client ID | Client id |
| Deployment ID | Deployment ids |
| Public keyset URL | Platform JWKS URL |
| Access token URL | Token URL |
| Authentication request URL | Authorization URL |

A registration added by hand is active at once.

## Teacher: add the lesson to a course as a graded activity

1. Open the course. If the admin left **Tool configuration usage** at "Show as preconfigured tool when adding an
   external tool", first open **More** → **LTI External tools** in the course's menu and switch on **Show in
   activity chooser** for **Attention lesson**. (If the tool is not in that list at all, ask the site administrator.)
2. Switch **Edit mode** on, and in a section press **Add an activity or resource**. Choose **Attention lesson**.
3. Press **Select content**. The tool's picker opens: choose the lesson, the grading and the number of attempts,
   and press the button to add it. Moodle fills in the activity name and the grade.
   - If the picker says the tool's registration is **waiting for approval**, the tool's administrator has not
     approved it yet: nothing is wrong with your course. Send them the page; it says where to approve.
4. Under **Show more...**, **Launch container** decides how students see the lesson (see below). Press **Save and
   return to course**.

Scores reach Moodle's gradebook within a second of a student submitting (no cron needed). From the gradebook,
a student's grade has a link back to the tool's review of that student's attempts.

## Embedded or a new window

Moodle decides how the lesson opens from the activity's **Launch container** (default: the tool's **Default launch
container**); a choice made in the tool's picker does not change it.

- **Embed, without blocks**: the lesson inside Moodle's page with only Moodle's navigation around it. Moodle gives
  the tool a frame of fixed height (Moodle does not resize it to the lesson), so students scroll inside the frame.
  Good on large screens.
- **Embed**: the same with Moodle's side blocks, so less room. Not recommended.
- **New window**: the lesson in its own browser tab, full height, no second scroll bar. Best on small screens and
  for students using a screen reader. Every embedded page also offers "open in a new window".

## If something goes wrong

- Every grade delivery fails with HTTP 401: the web server in front of Moodle may drop the `Authorization` header
  before PHP sees it (Apache: `CGIPassAuth On`).
- Students see "This activity could not be opened" with `REGISTRATION_PENDING`: approve the registration in the
  tool's admin console (admin, step 6).

The scopes the tool uses:

<#list scopes as s>
- `${s}`
</#list>
