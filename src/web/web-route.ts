// Wraps a dashboard handler: security headers on every answer, the session gate (no session:
// 303 to /login?next=…), the checked form of every POST (web-form.ts), the capability the route
// needs, the store bound to the request's project, and errors answered as pages.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { auditRecorder } from '../app/audit-trail.js'
import { type Capability, can, leastGrant, type Principal } from '../domain/access.js'
import { principalActor } from '../domain/audit.js'
import { HttpError } from '../http/http-error.js'
import { BodyTooLarge, skipBody } from '../http/read-body.js'
import type { RouteContext, RouteHandler } from '../http/router.js'
import type { AuditRecorder } from '../store/roles/audit-store.js'
import { documentShell, layout, type PageShell } from './components/layout.js'
import { downCount, fleetAlarm } from './fleet-alarm.js'
import { html } from './html.js'
import { errorMain, errorTitle } from './pages/error-page.js'
import type { WebDeps } from './web-deps.js'
import { readCheckedForm } from './web-form.js'
import { redirect, sendHtml, setSecurityHeaders } from './web-respond.js'
import { type WebSession, webSession } from './web-session.js'

export interface WebContext extends RouteContext {
  session: WebSession
  principal: Principal
  /** the session's CSRF token, for the forms a page renders */
  csrf: string
  head: boolean
  now: number
  /** a POST's checked form fields; empty for GET */
  form: URLSearchParams
  /** the path and query requested ("/jobs?status=down") */
  path: string
  /** records a change this request makes in the audit log (the signed-in user and address), in `tx` */
  audit: AuditRecorder
}

/** `deps` as the request sees them: the store bound to the request's project. */
export type WebHandler = (ctx: WebContext, deps: WebDeps) => Promise<void>

export interface WebRouteOptions {
  /** what the route needs; null: any signed-in user */
  need: Capability | null
  /** a fragment fetched by app.js: answered 401 instead of redirected when signed out */
  fragment?: boolean
}

const isRead = (req: IncomingMessage) => req.method === 'GET' || req.method === 'HEAD'

export function webRoute(deps: WebDeps, opts: WebRouteOptions, handler: WebHandler): RouteHandler {
  return async (route) => {
    const { req, res, url } = route
    setSecurityHeaders(res)
    const path = url.pathname + url.search
    let session: WebSession | null = null
    try {
      session = await webSession(deps, req, res, url)
      if (!session) {
        skipBody(req, res)
        if (opts.fragment) throw new HttpError(401, 'unauthorized', 'signed out')
        return redirect(res, isRead(req) ? `/login?next=${encodeURIComponent(path)}` : '/login')
      }
      const csrf = session.active.session.csrfToken
      const form = isRead(req) ? new URLSearchParams() : await readCheckedForm(req, csrf, deps.baseUrl)
      const { principal } = session
      if (opts.need !== null && !can(principal, opts.need)) {
        throw new HttpError(
          403,
          'forbidden',
          `this needs the ${leastGrant('user', opts.need)} role; you have ${principal.grantedBy}`,
        )
      }
      const scoped: WebDeps = { ...deps, store: deps.store.inProject(session.project.id) }
      const head = req.method === 'HEAD'
      const now = deps.clock.now()
      const audit = auditRecorder(principalActor(principal), req.socket.remoteAddress ?? null, deps.clock)
      await handler({ ...route, session, principal, csrf, head, now, form, path, audit }, scoped)
    } catch (err) {
      await answerError(deps, route, session, opts, err)
    }
  }
}

async function answerError(
  deps: WebDeps,
  { req, res, url }: RouteContext,
  session: WebSession | null,
  opts: WebRouteOptions,
  err: unknown,
): Promise<void> {
  if (res.headersSent) throw err
  skipBody(req, res)
  let status = 500
  let message = 'The server failed to answer this request; the error is in its log.'
  if (err instanceof HttpError) [status, message] = [err.status, err.message]
  else if (err instanceof BodyTooLarge) [status, message] = [413, err.message]
  else deps.log.error('dashboard request failed', { error: err, path: url.pathname })
  if (opts.fragment) {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
    return void res.end(message)
  }
  if (!session) {
    const main = html`<main id="main" class="narrow">${errorMain(status, message)}</main>`
    return sendHtml(res, status, documentShell(await deps.assets(), errorTitle(status), 0, main))
  }
  await sendPage(deps, res, session, url.pathname + url.search, {
    title: errorTitle(status),
    nav: null,
    main: errorMain(status, message),
    status,
  })
}

/** Renders a page in the layout; `down` defaults to the fleet's count. */
export async function sendPage(
  deps: WebDeps,
  res: ServerResponse,
  session: WebSession,
  path: string,
  page: Omit<PageShell, 'down'> & { down?: number; status?: number; head?: boolean },
): Promise<void> {
  const store = deps.store.inProject(session.project.id)
  const down = page.down ?? downCount(await fleetAlarm(store, deps.clock.now()))
  const body = layout(await deps.assets(), session, { ...page, down, path, version: deps.version })
  sendHtml(res, page.status ?? 200, body, { head: page.head ?? false })
}

/** sendPage for a handler's context. */
export function renderPage(
  ctx: WebContext,
  deps: WebDeps,
  page: Omit<PageShell, 'down'> & { down?: number; status?: number },
): Promise<void> {
  return sendPage(deps, ctx.res, ctx.session, ctx.path, { ...page, head: ctx.head })
}

/** A route anyone may reach (the sign-in page): security headers, errors answered as pages. */
export function publicRoute(deps: WebDeps, handler: (route: RouteContext) => Promise<void>): RouteHandler {
  return async (route) => {
    setSecurityHeaders(route.res)
    try {
      await handler(route)
    } catch (err) {
      await answerError(deps, route, null, { need: null }, err)
    }
  }
}
