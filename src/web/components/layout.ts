// The page shell: skip link, header (brand, project, navigation, who is signed in), main, footer.
// The title and favicon turn red when anything is down ("(2 down) Jobs · Backwatch"); app.js
// keeps them current from the live fragments' X-Backwatch-Down header.
import { html, type SafeHtml } from '../html.js'
import type { WebAssets } from '../web-assets.js'
import type { WebSession } from '../web-session.js'

/** The dashboard's pages, in navigation order. */
export const NAV = [
  { key: 'overview', href: '/', label: 'Overview' },
  { key: 'jobs', href: '/jobs', label: 'Jobs' },
  { key: 'servers', href: '/servers', label: 'Servers' },
  { key: 'alerts', href: '/alerts', label: 'Alerts' },
  { key: 'silences', href: '/silences', label: 'Silences' },
  { key: 'channels', href: '/channels', label: 'Channels' },
  { key: 'report', href: '/report', label: 'Report' },
  { key: 'settings', href: '/settings', label: 'Settings' },
] as const

export type NavKey = (typeof NAV)[number]['key']

export interface PageShell {
  title: string
  nav: NavKey | null
  /** jobs down + servers offline: the red title and favicon */
  down: number
  main: SafeHtml
}

/** Head and body wrapper shared by every page, signed in or not. */
export function documentShell(assets: WebAssets, title: string, down: number, body: SafeHtml): SafeHtml {
  const favicon = assets.url(down > 0 ? 'favicon-down.svg' : 'favicon.svg')
  return html`<!doctype html>
<html lang="en" data-favicon="${assets.url('favicon.svg')}" data-favicon-down="${assets.url('favicon-down.svg')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title data-base="${title} · Backwatch">${down > 0 ? `(${down} down) ` : ''}${title} · Backwatch</title>
<link rel="icon" type="image/svg+xml" href="${favicon}">
<link rel="stylesheet" href="${assets.url('app.css')}">
<script src="${assets.url('app.js')}" defer></script>
</head>
<body>
${body}
</body>
</html>
`
}

function projectSwitcher(s: WebSession, path: string, csrf: string): SafeHtml {
  if (s.projects.length < 2) return html`<span class="project" title="Project">${s.project.name}</span>`
  const options = s.projects.map(
    (p) => html`<option value="${p.slug}" ${p.id === s.project.id ? 'selected' : ''}>${p.name}</option>`,
  )
  return html`<form class="project-switch" method="post" action="/project">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="next" value="${path}">
<label class="sr-only" for="project-switch">Project</label>
<select id="project-switch" name="project" data-autosubmit>${options}</select>
<button type="submit" class="button small" data-js-hide>Switch</button>
</form>`
}

function nav(active: NavKey | null): SafeHtml {
  const items = NAV.map(
    (n) =>
      html`<li><a href="${n.href}" ${n.key === active ? html`aria-current="page"` : ''}>${n.label}</a></li>`,
  )
  return html`<nav class="nav" aria-label="Main"><ul>${items}</ul></nav>`
}

function roleText(s: WebSession): string {
  if (s.active.user.instanceAdmin) return 'instance admin'
  return s.principal.grantedBy.replace(/^the | role$/g, '')
}

export function layout(
  assets: WebAssets,
  s: WebSession,
  page: PageShell & { path: string; version: string },
): SafeHtml {
  const csrf = s.active.session.csrfToken
  return documentShell(
    assets,
    page.title,
    page.down,
    html`<a class="skip" href="#main">Skip to content</a>
<header class="top">
<div class="bar">
<a class="brand" href="/"><img src="${assets.url('favicon.svg')}" alt="" width="22" height="22">Backwatch</a>
${projectSwitcher(s, page.path, csrf)}
<div class="who">
<span><span class="sr-only">Signed in as </span>${s.active.user.username} <span class="muted">· ${roleText(s)}</span></span>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="link">Sign out</button></form>
</div>
</div>
${nav(page.nav)}
</header>
<main id="main" tabindex="-1">
${page.main}
</main>
<footer class="foot">Backwatch ${page.version} · project ${s.project.slug} · <a href="/api/v1/info">API</a></footer>`,
  )
}
