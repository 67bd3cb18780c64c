// Every dashboard form that changes something posts to its page's project, and the page after it
// stays there. The project of a request is ?project=<slug>, else the switcher's cookie (see
// web-session.ts): a form without it, left open while another tab switched project (or shown by a
// page opened with ?project=), would act in the other project, where the same slug, name or id
// may well exist. So every POST form's action names the project the page showed, and the redirect
// after it keeps naming it.
import { html, type SafeHtml } from '../html.js'
import { redirect } from '../web-respond.js'
import type { WebContext } from '../web-route.js'

/** `path` ("/silences/3/expire", "/alerts?status=resolved") with ?project=<the page's project>. */
export function inProject(ctx: Pick<WebContext, 'session'>, path: string): string {
  const hash = path.indexOf('#')
  const [base, fragment] = hash < 0 ? [path, ''] : [path.slice(0, hash), path.slice(hash)]
  const q = base.indexOf('?')
  const params = new URLSearchParams(q < 0 ? '' : base.slice(q + 1))
  params.delete('project')
  const rest = params.toString()
  const project = `project=${encodeURIComponent(ctx.session.project.slug)}`
  return `${q < 0 ? base : base.slice(0, q)}?${project}${rest ? `&${rest}` : ''}${fragment}`
}

/** The hidden _csrf field every POST form carries. */
export const csrfField = (ctx: Pick<WebContext, 'csrf'>): SafeHtml =>
  html`<input type="hidden" name="_csrf" value="${ctx.csrf}">`

/** 303 after a form: to `path`, in the project the form named (when it named one). */
export function redirectAfterForm(ctx: Pick<WebContext, 'session' | 'url' | 'res'>, path: string): void {
  redirect(ctx.res, ctx.url.searchParams.has('project') ? inProject(ctx, path) : path)
}
