<#ftl output_format="plainText" strip_whitespace=true>
# Attention lesson in Canvas

This guide is served by the tool at `${tool.configFileUrl("canvas.md")}` and shown to the tool's admins at
`${tool.baseUrl()}/admin/guides/canvas`, with this tool's own addresses filled in. It follows what Canvas documents
for LTI 1.3 developer keys and dynamic registration.

Canvas uses one issuer, `https://canvas.instructure.com`, for every institution it hosts: the tool tells
institutions apart by the **client id** (the developer key's id), so each Canvas institution has its own
registration in the tool.

## Admin, way 1: a developer key from the tool's JSON

1. In Canvas, as an account administrator: **Admin** → your account → **Developer Keys** → **+ Developer Key** →
   **+ LTI Key**.
2. **Key Name**: `${title}`. **Redirect URIs**: `${tool.launchUrl()}`
3. **Method**: **Paste JSON**, and paste the content of `${tool.configFileUrl("canvas-developer-key.json")}` (or enter
   its URL with **Enter URL**). It holds:
   - the login URL `${tool.loginUrl()}` and target link `${tool.launchUrl()}`;
   - the tool's public keys as a URL, `${tool.jwksUrl()}` (`public_jwk_url`), so key rotation needs no change in
     Canvas;
   - the scopes below (grades and the course roster);
   - placements **Assignment Selection** and **Link Selection** (deep linking: the teacher picks the activity),
     and **Course Navigation** (off in courses until a teacher enables it);
   - privacy level **public** (names and e-mail sent with launches, so teachers see names).
4. **Save**. In the list, switch the key's state **ON**, and copy its **client id** (the number in the
   **Details** column).
5. Install it: **Admin** → your account → **Settings** → **Apps** → **View App Configurations** → **+ App** →
   **Configuration Type**: **By Client ID** → paste the client id → **Submit** → **Install**.
6. In the tool's admin console (`${tool.baseUrl()}/admin/` → **Add a registration**):

| Field | Value |
|---|---|
| Issuer | `https://canvas.instructure.com` |
| Client id | the developer key's client id |
| Authorization URL | `https://sso.canvaslms.com/api/lti/authorize_redirect` |
| Platform JWKS URL | `https://sso.canvaslms.com/api/lti/security/jwks` |
| Token URL | `https://YOUR-CANVAS-HOST/login/oauth2/token` (your institution's Canvas address) |
| LMS address | `https://YOUR-CANVAS-HOST` (the address your students' browsers show for Canvas; add your vanity domain too): without it the browser refuses to show the tool inside Canvas's frame |
| Deployment ids | the app's **Deployment Id** (its settings menu in Settings → Apps); a deployment not listed is refused at its first launch and waits in the console as **seen, refused** until you press **Approve** |

(Canvas beta and test use `https://canvas.beta.instructure.com` / `https://canvas.test.instructure.com` as issuer
and `sso.beta.canvaslms.com` / `sso.test.canvaslms.com` for the two sso addresses.)

## Admin, way 2: dynamic registration

1. **Admin** → your account → **Developer Keys** → **+ Developer Key** → **+ LTI Registration**.
2. Paste `${tool.registrationUrl()}` and press **Next**.
3. The tool's page appears inside Canvas. If it says **waiting for approval**, read it and press its button; the
   registration is usable only after the tool's admin approves it (`${tool.baseUrl()}/admin/` → **Waiting for
   approval** → **Approve**).
4. Canvas shows its review of what the tool asks for (scopes, placements, privacy); trim if you must, and
   **Save**. Switch the new key **ON**, then install it **By Client ID** as in way 1, step 5.

Canvas's registration reply carries no deployment id and no LMS address: the first launch from each install is
refused and its deployment waits in the console as **seen, refused** until you press **Approve**; add your Canvas
address as the registration's **LMS address** there too.

## Teacher: add a graded activity

- **Assignments** → **+ Assignment** → **Submission Type**: **External Tool** → **Find** → **Attention lesson**. The
  tool's picker opens: choose the lesson, grading and attempts, and press the button to add it. Set the points,
  **Save** and **Publish**. Scores appear in the Canvas gradebook after each submission.
- Or, ungraded, in **Modules** → **+** → **External Tool** → **Attention lesson**.

In Canvas the lesson sits in a frame that follows the lesson's height (the tool sends `lti.frameResize`), and it
moves back to the top of the frame between exercise steps (`lti.scrollToTop`). The Canvas phone apps open it full
screen, without a frame; it works the same there.

The scopes the tool uses:

<#list scopes as s>
- `${s}`
</#list>
