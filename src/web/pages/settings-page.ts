// GET /settings: the project (name, slug, its ping key for admins, with a copy button), its API
// tokens (admins: list, create, revoke: the use cases of /api/v1/tokens, app/tokens/token-admin.ts;
// a new token's secret is shown once, on the answer to the form), the project's users with their
// role (admins) and the signed-in user's own account.
import {
  makeToken,
  removeToken,
  TokenAdminError,
  type TokenListing,
  tokenListing,
} from '../../app/tokens/token-admin.js'
import { can, TOKEN_SCOPES } from '../../domain/access.js'
import { HttpError } from '../../http/http-error.js'
import { csrfField, inProject, redirectAfterForm } from '../components/form-action.js'
import { timeAgo } from '../components/time.js'
import { html, type SafeHtml } from '../html.js'
import type { WebDeps } from '../web-deps.js'
import type { WebContext, WebHandler } from '../web-route.js'
import { renderPage } from '../web-route.js'
import { accountPanel, usersPanel } from './settings-users.js'

interface TokenFormState {
  /** the new token's secret, shown this once */
  made?: { name: string; secret: string }
  problem?: string
  values?: URLSearchParams
}

function projectPanel(ctx: WebContext): SafeHtml {
  const p = ctx.session.project
  const key = can(ctx.principal, 'admin')
    ? html`<tr><th scope="row">Ping key</th><td><div class="secret-once"><code id="ping-key">${p.pingKey}</code><button type="button" class="button small" data-copy="${p.pingKey}">Copy</button></div>
<span class="help">The secret part of the slug ping URLs: /ping/&lt;ping key&gt;/&lt;job slug&gt;.</span></td></tr>`
    : ''
  return html`<section class="panel" aria-labelledby="project-h"><h2 id="project-h">Project</h2>
<div class="table-wrap"><table class="report-totals"><caption class="sr-only">The project</caption><tbody>
<tr><th scope="row">Name</th><td>${p.name}</td></tr>
<tr><th scope="row">Slug</th><td class="mono">${p.slug}</td></tr>
<tr><th scope="row">Defined by</th><td>${p.source === 'config' ? 'the config file' : 'the API'}</td></tr>
${key}</tbody></table></div></section>`
}

function tokenRow(ctx: WebContext, t: TokenListing): SafeHtml {
  const revoke =
    t.source === 'api'
      ? html`<form method="post" action="${inProject(ctx, `/settings/tokens/${t.id}/revoke`)}" data-confirm="Revoke token ${t.name}? Whatever uses it stops working.">${csrfField(ctx)}<button type="submit" class="button small ghost danger">Revoke<span class="sr-only"> token ${t.name}</span></button></form>`
      : html`<span class="muted small">${t.source === 'config' ? 'config file' : 'environment'}</span>`
  return html`<tr data-token="${t.name}">
<td data-label="Token"><span class="strong">${t.name}</span>${t.prefix ? html`<div class="sub mono">${t.prefix}…</div>` : ''}</td>
<td data-label="Scope">${t.scope}</td>
<td data-label="Made">${timeAgo(Date.parse(t.created_at), ctx.now, null)}${t.created_by ? html` <span class="muted small">by ${t.created_by}</span>` : ''}</td>
<td data-label="Last used">${t.last_used_at ? timeAgo(Date.parse(t.last_used_at), ctx.now, null) : 'never'}</td>
<td data-label="Actions">${revoke}</td>
</tr>`
}

function tokenForm(ctx: WebContext, state: TokenFormState): SafeHtml {
  const scope = state.values?.get('scope') ?? 'read'
  return html`<form method="post" action="${inProject(ctx, '/settings/tokens')}" class="token-form">${csrfField(ctx)}
<h3>New token</h3>
${state.problem ? html`<div class="alert bad" role="alert" id="token-problem"><strong>No token was made:</strong> ${state.problem}</div>` : ''}
<div class="field-grid">
<div class="field"><label for="tk-name">Name</label><input id="tk-name" name="name" required autocomplete="off" value="${state.values?.get('name') ?? ''}"></div>
<div class="field"><label for="tk-scope">Scope</label><select id="tk-scope" name="scope">${TOKEN_SCOPES.map(
    (s) => html`<option value="${s}" ${s === scope ? 'selected' : ''}>${s}</option>`,
  )}</select></div>
</div>
<div class="actions"><button type="submit" class="button primary">Create token</button></div></form>`
}

async function tokensPanel(ctx: WebContext, deps: WebDeps, state: TokenFormState): Promise<SafeHtml> {
  if (!can(ctx.principal, 'admin'))
    return html`<section class="panel" aria-labelledby="tokens-h"><h2 id="tokens-h">API tokens</h2><p class="muted">The project's admins manage its tokens.</p></section>`
  const tokens = (await deps.store.listTokens()).map(tokenListing)
  const made = state.made
    ? html`<div class="alert ok" role="status" id="new-token"><p><strong>Token ${state.made.name} made.</strong> Copy it now: it is not shown again (only its hash is kept).</p>
<div class="secret-once"><code id="new-token-secret">${state.made.secret}</code><button type="button" class="button small" data-copy="${state.made.secret}">Copy</button></div></div>`
    : ''
  return html`<section class="panel" aria-labelledby="tokens-h"><h2 id="tokens-h">API tokens</h2>
${made}
${
  tokens.length === 0
    ? html`<p class="muted">No tokens yet.</p>`
    : html`<div class="table-wrap"><table class="tokens stack-rows"><caption class="sr-only">API tokens of the project</caption>
<thead><tr><th scope="col">Token</th><th scope="col">Scope</th><th scope="col">Made</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
<tbody>${tokens.map((t) => tokenRow(ctx, t))}</tbody></table></div>`
}
${tokenForm(ctx, state)}</section>`
}

async function show(ctx: WebContext, deps: WebDeps, state: TokenFormState = {}, status = 200) {
  const main = html`<div class="page-head"><h1>Settings</h1></div>
${projectPanel(ctx)}
${await tokensPanel(ctx, deps, state)}
${await usersPanel(ctx, deps)}
${accountPanel(ctx)}`
  await renderPage(ctx, deps, { title: 'Settings', nav: 'settings', main, status })
}

export const settingsPage: WebHandler = (ctx, deps) => show(ctx, deps)

function httpStatusOf(err: TokenAdminError): number {
  return err.code === 'invalid' ? 400 : err.code === 'not_found' ? 404 : 409
}

/** POST /settings/tokens: the page with the new secret, shown this once; a refusal, the form again. */
export const createTokenForm: WebHandler = async (ctx, deps) => {
  const input = { name: ctx.form.get('name')?.trim() ?? '', scope: ctx.form.get('scope') ?? '' }
  try {
    const made = await makeToken(
      deps.store,
      ctx.audit,
      { ...input, createdBy: `user ${ctx.session.active.user.username}` },
      ctx.now,
    )
    await show(ctx, deps, { made: { name: made.token.name, secret: made.secret } })
  } catch (err) {
    if (!(err instanceof TokenAdminError)) throw err
    await show(ctx, deps, { problem: err.message, values: ctx.form }, httpStatusOf(err))
  }
}

export const revokeTokenForm: WebHandler = async (ctx, deps) => {
  try {
    await removeToken(deps.store, ctx.audit, ctx.params.id!)
  } catch (err) {
    if (!(err instanceof TokenAdminError)) throw err
    throw new HttpError(httpStatusOf(err), err.code, err.message)
  }
  redirectAfterForm(ctx, '/settings')
}
