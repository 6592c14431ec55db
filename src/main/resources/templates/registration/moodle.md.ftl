<#ftl output_format="plainText" strip_whitespace=true>
# Attention lesson in Moodle (4.x / 5.x)

Served by the tool at ${tool.configFileUrl("moodle.md")} with its own address filled in.

## Dynamic registration (recommended, about two minutes)

1. Site administration → Plugins → Activity modules → External tool → **Manage tools**.
2. Paste this into **Tool URL** and press **Add LTI Advantage**:

       ${tool.registrationUrl()}

3. A dialog opens on the tool's page "The tool is registered" and closes by itself. The new tool card
   "Attention lesson" appears with the label **Pending**.
4. Press **Activate** on the card.
5. If the tool's admin console (${tool.baseUrl()}/admin) shows the registration as **Pending**, press
   **Approve** there too (the tool asks for this unless `attention.autoApproveRegistrations` is `true`).
6. On the card, press the gear icon and check under **Services** that grade sync ("IMS LTI Assignment and Grade
   Services") and "IMS LTI Names and Role Provisioning" are on, and under **Privacy** that names and e-mail
   addresses are shared as you wish.

## Manual registration

Site administration → Plugins → Activity modules → External tool → Manage tools → **configure a tool
manually**, then:

| Moodle field | Value |
|---|---|
| Tool name | Attention lesson |
| Tool URL | ${tool.launchUrl()} |
| Tool description | A short lesson on attention and transformers with a graded exercise |
| LTI version | LTI 1.3 |
| Public key type | Keyset URL |
| Public keyset | ${tool.jwksUrl()} |
| Initiate login URL | ${tool.loginUrl()} |
| Redirection URI(s) | ${tool.launchUrl()} |
| Tool configuration usage | Show in activity chooser and as a preconfigured tool |
| Default launch container | New window (or Embed, without blocks) |
| Supports Deep Linking (Content-Item Message) | checked |
| Content Selection URL | ${tool.launchUrl()} |
| Icon URL | ${tool.logoUrl()} |
| IMS LTI Assignment and Grade Services | Use this service for grade sync and column management |
| IMS LTI Names and Role Provisioning | Use this service to retrieve members' information as per privacy settings |
| Share launcher's name with tool | Always |
| Share launcher's email with tool | Always |
| Accept grades from the tool | Always |

Save, then press **View configuration details** (the list icon) on the new tool card and copy its values into
the tool's admin console at ${tool.baseUrl()}/admin → **Add a registration**:

| Moodle shows | Tool admin console field |
|---|---|
| Platform ID | Issuer |
| Client ID | Client id |
| Deployment ID | Deployment ids |
| Public keyset URL | Platform JWKS URL |
| Access token URL | Token URL |
| Authentication request URL | Authorization URL |

The scopes the tool uses: ${scopes?join(", ")}.

If every grade delivery fails with HTTP 401, the web server in front of Moodle may strip the `Authorization`
header before PHP sees it (Apache: `CGIPassAuth On`).
