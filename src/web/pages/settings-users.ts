// The Settings page's people: the project's users with their role (for its admins; users are
// added with `backwatch users add`), and the signed-in user's own account.
import { listUsers } from '../../app/users/user-admin.js'
import { can } from '../../domain/access.js'
import { html, type SafeHtml } from '../html.js'
import type { WebDeps } from '../web-deps.js'
import type { WebContext } from '../web-route.js'

export async function usersPanel(ctx: WebContext, deps: WebDeps): Promise<SafeHtml> {
  if (!can(ctx.principal, 'admin')) return html``
  const slug = ctx.session.project.slug
  const users = (await listUsers(deps.store, ctx.now)).flatMap((u) => {
    const role = u.instance_admin ? 'admin' : u.memberships.find((m) => m.project === slug)?.role
    return role ? [{ ...u, role }] : []
  })
  const rows = users.map(
    (u) => html`<tr data-user="${u.username}">
<td data-label="User" class="strong">${u.username}</td>
<td data-label="Role">${u.role}${u.instance_admin ? html` <span class="chip">instance admin</span>` : ''}</td>
<td data-label="Two-factor">${u.totp ? html`<span class="badge ok">On</span>` : html`<span class="badge idle">Off</span>`}</td>
</tr>`,
  )
  return html`<section class="panel" aria-labelledby="users-h"><h2 id="users-h">Users</h2>
<div class="table-wrap"><table class="users stack-rows"><caption class="sr-only">Users of the project and their role</caption>
<thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Two-factor</th></tr></thead>
<tbody>${rows}</tbody></table></div>
<p class="muted small">Users are added, given roles and removed on the server: <code>backwatch users add NAME --project ${slug} --role viewer|operator|admin</code>.</p></section>`
}

export function accountPanel(ctx: WebContext): SafeHtml {
  const user = ctx.session.active.user
  const role = user.instanceAdmin ? 'instance admin' : ctx.principal.grantedBy.replace(/^the | role$/g, '')
  return html`<section class="panel" aria-labelledby="account-h"><h2 id="account-h">Your account</h2>
<div class="table-wrap"><table class="report-totals"><caption class="sr-only">Your account</caption><tbody>
<tr><th scope="row">User</th><td>${user.username}</td></tr>
<tr><th scope="row">Role here</th><td>${role}</td></tr>
<tr><th scope="row">Two-factor</th><td id="totp-status">${
    user.totpSecret !== null
      ? html`<span class="badge ok">On</span> sign-in asks for a code from your authenticator app`
      : html`<span class="badge idle">Off</span> <span class="muted">turn it on with <code>backwatch users totp enable ${user.username}</code></span>`
  }</td></tr>
</tbody></table></div></section>`
}
