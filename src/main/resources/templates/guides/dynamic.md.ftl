<#ftl output_format="plainText" strip_whitespace=true>
# Dynamic registration (any LMS with LTI Dynamic Registration 1.0)

Served by the tool at `${tool.configFileUrl("dynamic.md")}` and shown to the tool's admins at
`${tool.baseUrl()}/admin/guides/dynamic`. For Moodle and Canvas, their own guides say where to click.

1. In your LMS's "add a tool by URL" (LTI Advantage, dynamic registration) screen, paste:

   `${tool.registrationUrl()}`

2. The LMS opens the tool's registration page. It reads the LMS's configuration, registers itself, and shows what
   it stored: platform, issuer, client id and, if the LMS sent one, the deployment id.
3. If the page says **waiting for approval**, it stays open until you press its button. The tool refuses every
   launch from this registration until an administrator of the tool approves it: `${tool.baseUrl()}/admin/` →
   **Waiting for approval** (at the top) → **Approve**. (The tool approves at once only when it runs with
   `attention.autoApproveRegistrations=true`.)
4. If the page says **The tool could not be registered**, nothing was stored. It gives the reason and a code; start
   again from the LMS (its registration token is short-lived).
5. In the LMS, enable the tool, check that grade passback (Assignment and Grade Services) and the roster (Names
   and Role Provisioning) are allowed, and that names are shared with the tool.

What the tool registers:

| | |
|---|---|
| Login (OIDC initiation) URL | `${tool.loginUrl()}` |
| Redirect URI, target link URI, deep linking URL | `${tool.launchUrl()}` |
| Tool key set (JWKS) URL | `${tool.jwksUrl()}` |
| Domain | `${tool.domain()}` |
| Logo | `${tool.logoUrl()}` |
| Messages | LtiResourceLinkRequest, LtiDeepLinkingRequest, LtiSubmissionReviewRequest |

Scopes:

<#list scopes as s>
- `${s}`
</#list>
