// Signing in and out of the dashboard, and switching project. Sign-in reuses app/users/login.ts
// (lockout, throttling, TOTP, recovery codes) and the API's session cookie. Before a session
// exists the form's `_csrf` is its own: a random value also set as a cookie on GET /login.
import { randomBytes } from 'node:crypto'
import { type LoginResult, login } from '../../app/users/login.js'
import { clearedSessionCookie, sessionCookie } from '../../app/users/session-cookie.js'
import { endSession } from '../../app/users/sessions.js'
import { HttpError } from '../../http/http-error.js'
import type { RouteContext, Router } from '../../http/router.js'
import { documentShell } from '../components/layout.js'
import { type LoginView, loginMain } from '../pages/login-page.js'
import type { WebDeps } from '../web-deps.js'
import { readCheckedForm } from '../web-form.js'
import { redirect, sameSitePath, sendHtml } from '../web-respond.js'
import { publicRoute, webRoute } from '../web-route.js'
import { cookieValue, projectCookie, webSession } from '../web-session.js'

const LOGIN_COOKIE = 'backwatch_login'

function loginCookie(token: string, baseUrl: string, maxAge = 3600): string {
  const secure = baseUrl.startsWith('https:') ? '; Secure' : ''
  return `${LOGIN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/login; Max-Age=${maxAge}${secure}`
}

async function showLogin(deps: WebDeps, { res }: RouteContext, view: LoginView, status = 200) {
  const body = documentShell(await deps.assets(), 'Sign in', 0, loginMain(view))
  sendHtml(res, status, body, { headers: { 'Set-Cookie': loginCookie(view.csrf, deps.baseUrl) } })
}

function refusal(result: Exclude<LoginResult, { ok: true }>): { status: number; error: string } {
  switch (result.reason) {
    case 'locked':
    case 'throttled': {
      const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000))
      return { status: 429, error: `Too many failed sign-ins. Try again in ${seconds} s.` }
    }
    case 'totp_required':
      return {
        status: 401,
        error: 'This account uses two-factor authentication: enter your password again with the code.',
      }
    case 'second_factor_invalid':
      return { status: 401, error: 'That code is not valid (or was already used).' }
    case 'invalid':
      return { status: 401, error: 'Wrong username or password.' }
  }
}

async function getLogin(deps: WebDeps, route: RouteContext): Promise<void> {
  const next = sameSitePath(route.url.searchParams.get('next'))
  if (await webSession(deps, route.req, route.res, route.url)) return redirect(route.res, next)
  const csrf = randomBytes(24).toString('base64url')
  await showLogin(deps, route, { csrf, next, username: '', error: null, askCode: false })
}

async function postLogin(deps: WebDeps, route: RouteContext): Promise<void> {
  const { req, res } = route
  const ip = req.socket.remoteAddress ?? 'unknown'
  const expected = cookieValue(req, LOGIN_COOKIE)
  const form = await readCheckedForm(req, expected, deps.baseUrl)
  const username = form.get('username') ?? ''
  const next = sameSitePath(form.get('next'))
  const code = (form.get('code') ?? '').replace(/\s+/g, '')
  const result = await login(
    deps.store,
    deps.logins,
    {
      username,
      password: form.get('password') ?? '',
      ...(/^\d{6}$/.test(code) ? { totp: code } : code ? { recoveryCode: code } : {}),
      ip,
      userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
    },
    deps.clock.now(),
  )
  if (result.ok) {
    res.appendHeader('Set-Cookie', sessionCookie(result.sessionId, deps.baseUrl))
    res.appendHeader('Set-Cookie', loginCookie('', deps.baseUrl, 0))
    return redirect(res, next)
  }
  const { status, error } = refusal(result)
  if ('retryAfterMs' in result) res.setHeader('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)))
  const askCode =
    result.reason === 'totp_required' || result.reason === 'second_factor_invalid' || code !== ''
  await showLogin(deps, route, { csrf: expected!, next, username, error, askCode }, status)
}

export function registerSessionPages(router: Router, deps: WebDeps): void {
  router.on(
    'GET',
    '/login',
    publicRoute(deps, (route) => getLogin(deps, route)),
  )
  router.on(
    'POST',
    '/login',
    publicRoute(deps, (route) => postLogin(deps, route)),
  )

  router.on(
    'POST',
    '/logout',
    webRoute(deps, { need: null }, async ({ res, session }, deps) => {
      await endSession(deps.store, session.sessionId)
      res.appendHeader('Set-Cookie', clearedSessionCookie(deps.baseUrl))
      redirect(res, '/login')
    }),
  )

  router.on(
    'POST',
    '/project',
    webRoute(deps, { need: null }, async ({ res, session, form }, deps) => {
      const slug = form.get('project') ?? ''
      const project = session.projects.find((p) => p.slug === slug)
      if (!project) throw new HttpError(404, 'not_found', `project "${slug}" not found`)
      res.appendHeader('Set-Cookie', projectCookie(project.slug, deps.baseUrl))
      // the same page in the chosen project: another project's page cursor means nothing here
      const next = new URL(sameSitePath(form.get('next')), 'http://x.invalid')
      next.searchParams.delete('project')
      next.searchParams.delete('cursor')
      redirect(res, next.pathname + next.search)
    }),
  )
}
