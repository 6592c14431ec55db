<#ftl output_format="plainText" strip_whitespace=true>
# Manual registration (any LTI 1.3 platform)

Served by the tool at `${tool.configFileUrl("manual.md")}` and shown to the tool's admins at
`${tool.baseUrl()}/admin/guides/manual`. For Moodle and Canvas, their own guides name each field as they do.

## 1. In the LMS: add an LTI 1.3 tool with these values

| LMS setting | Value |
|---|---|
| Tool name | `${title}` |
| Login / OIDC initiation URL | `${tool.loginUrl()}` |
| Redirect URI(s) | `${tool.launchUrl()}` |
| Target link URI / launch URL | `${tool.launchUrl()}` |
| Deep linking (content selection) URL | `${tool.launchUrl()}` |
| Public key set (JWKS) URL | `${tool.jwksUrl()}` |
| Domain | `${tool.domain()}` |
| Icon | `${tool.logoUrl()}` |
| Deep linking | on |
| Grades (Assignment and Grade Services) | on: line items, scores, results |
| Roster (Names and Role Provisioning) | on |
| Share name and e-mail | yes (teachers then see names, not numbers) |

Scopes the tool asks for:

<#list scopes as s>
- `${s}`
</#list>

The same in machine-readable form: `${tool.configFileUrl("tool-configuration.json")}` (the LTI Dynamic
Registration tool configuration) and, for Canvas, `${tool.configFileUrl("canvas-developer-key.json")}`.

## 2. In the tool: add the LMS

Open `${tool.baseUrl()}/admin/` → **Add a registration**, and copy from the LMS:

| Tool admin console field | What the LMS calls it |
|---|---|
| Issuer | Platform ID, issuer |
| Client id | Client ID (the tool's id in the LMS) |
| Authorization URL | Authentication request URL, OIDC auth endpoint |
| Platform JWKS URL | Public keyset URL, platform JWKS |
| Token URL | Access token URL, OAuth2 token endpoint |
| Deployment ids | Deployment ID (others are refused at their first launch and wait in the console for your **Approve**) |

A registration added by hand is active at once; its health line shows whether the LMS's key set is reachable.
