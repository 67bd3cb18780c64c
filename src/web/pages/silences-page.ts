// GET /silences: the project's silences by state (active by default, upcoming, expired), newest
// first, 50 a page: what each matches, its window, who and why. Operators and admins get the
// create form (POST /silences) and an Expire button (POST /silences/:id/expire), through the
// API's use cases (app/silences/silence-changes.ts); refused input shows the form again with
// what was typed and why (400/409).
import {
  createSilence,
  endSilence,
  findSilence,
  type SilenceChangeDeps,
} from '../../app/silences/silence-changes.js'
import { can } from '../../domain/access.js'
import { MATCHER_KEYS, type SilenceRecord, type SilenceState, silenceState } from '../../domain/silence.js'
import { HttpError } from '../../http/http-error.js'
import { CursorError, decodeCursor } from '../../store/cursor.js'
import { csrfField, inProject, redirectAfterForm } from '../components/form-action.js'
import { timeAgo } from '../components/time.js'
import { html, type SafeHtml } from '../html.js'
import type { WebDeps } from '../web-deps.js'
import type { WebContext, WebHandler } from '../web-route.js'
import { renderPage } from '../web-route.js'
import { formValues, type SilenceFormValues, silenceBody, silenceForm } from './silence-form.js'

export const SILENCES_PAGE_SIZE = 50
const STATES: { state: SilenceState; label: string }[] = [
  { state: 'active', label: 'Active' },
  { state: 'pending', label: 'Upcoming' },
  { state: 'expired', label: 'Expired' },
]
const MATCHER_LABELS: Record<string, string> = {
  environment: 'environment',
  tags: 'tag',
  types: 'type',
  servers: 'server',
  jobs: 'job',
}

const bad = (name: string, message: string) => new HttpError(400, 'invalid_request', `${name}: ${message}`)

function parseQuery(url: URL): { state: SilenceState; cursor: string | null } {
  const state = url.searchParams.get('state') || 'active'
  if (!STATES.some((s) => s.state === state)) throw bad('state', 'must be one of active, pending, expired')
  const cursor = url.searchParams.get('cursor') || null
  if (cursor) {
    try {
      decodeCursor(cursor)
    } catch (err) {
      if (err instanceof CursorError)
        throw bad('cursor', 'not a page of this list: start from the first page')
      throw err
    }
  }
  return { state: state as SilenceState, cursor }
}

function matchers(s: SilenceRecord): SafeHtml {
  const chips = MATCHER_KEYS.flatMap((k) =>
    (s.match[k] ?? []).map((v) => html`<li class="chip">${MATCHER_LABELS[k]}: ${v}</li>`),
  )
  return html`<ul class="chips" aria-label="Matches">${chips}</ul>`
}

function row(s: SilenceRecord, ctx: WebContext, operate: boolean): SafeHtml {
  const state = silenceState(s, ctx.now)
  const window =
    state === 'expired'
      ? html`ended ${timeAgo(s.endsAt, ctx.now, null)}`
      : state === 'pending'
        ? html`starts ${timeAgo(s.startsAt, ctx.now, null)}<span class="sub">ends ${timeAgo(s.endsAt, ctx.now, null)}</span>`
        : html`ends ${timeAgo(s.endsAt, ctx.now, null)}<span class="sub">since ${timeAgo(s.startsAt, ctx.now, null)}</span>`
  const label = s.name ?? `silence ${s.id}`
  const action =
    state !== 'expired' && operate
      ? html`<form method="post" action="${inProject(ctx, `/silences/${s.id}/expire`)}" class="inline-form">
${csrfField(ctx)}<button type="submit" class="button small" aria-label="Expire ${label}">Expire</button></form>`
      : html`<span class="muted">—</span>`
  const cells: [string, SafeHtml][] = [
    [
      'Silence',
      html`<span class="strong">${label}</span>${s.source === 'config' ? html`<span class="sub">from the config file</span>` : ''}`,
    ],
    ['Matches', matchers(s)],
    ['Window', window],
    [
      'Reason',
      html`${s.comment ?? html`<span class="muted">—</span>`}<span class="sub">${s.author ? `by ${s.author}` : ''}</span>`,
    ],
    ['Action', action],
  ]
  return html`<tr data-id="${s.id}">${cells.map(([l, v]) => html`<td data-label="${l}"><div class="v">${v}</div></td>`)}</tr>`
}

async function showSilences(
  ctx: WebContext,
  deps: WebDeps,
  form: { values: SilenceFormValues; error: HttpError | null } = { values: {}, error: null },
): Promise<void> {
  const q = ctx.req.method === 'POST' ? { state: 'active' as const, cursor: null } : parseQuery(ctx.url)
  const page = await deps.store.listSilences(
    { state: q.state, now: ctx.now },
    { limit: SILENCES_PAGE_SIZE, cursor: q.cursor },
  )
  const operate = can(ctx.principal, 'operate')
  const tabs = STATES.map(
    (s) =>
      html`<li><a href="/silences${s.state === 'active' ? '' : `?state=${s.state}`}" ${s.state === q.state ? html`aria-current="page"` : ''}>${s.label}</a></li>`,
  )
  const current = STATES.find((s) => s.state === q.state)!.label.toLowerCase()
  const list =
    page.items.length === 0
      ? html`<div class="empty"><p>No ${current} silences.</p></div>`
      : html`<div class="table-wrap"><table class="cards silences">
<caption class="sr-only">${current} silences, newest first</caption>
<thead><tr><th scope="col">Silence</th><th scope="col">Matches</th><th scope="col">Window</th><th scope="col">Reason</th><th scope="col">Action</th></tr></thead>
<tbody>${page.items.map((s) => row(s, ctx, operate))}</tbody></table></div>`
  const next = page.nextCursor
    ? html`<nav class="pager" aria-label="Pages"><a class="button ghost" href="/silences?state=${q.state}&amp;cursor=${page.nextCursor}">Next ${SILENCES_PAGE_SIZE} →</a></nav>`
    : ''
  const main = html`<div class="page-head"><h1>Silences</h1>
<p class="lead">Hold notifications back during maintenance</p></div>
<nav class="tabs" aria-label="Silence state"><ul>${tabs}</ul></nav>
${list}
${next}
${operate ? silenceForm(ctx, form.values, form.error?.message ?? null) : ''}`
  await renderPage(ctx, deps, {
    title: 'Silences',
    nav: 'silences',
    main,
    ...(form.error && { status: form.error.status }),
  })
}

const changes = (ctx: WebContext, deps: WebDeps): SilenceChangeDeps => ({
  store: deps.store,
  audit: ctx.audit,
  now: ctx.now,
  changed: deps.onSilencesChanged,
})

export const silencesPage: WebHandler = (ctx, deps) => showSilences(ctx, deps)

export const createSilenceForm: WebHandler = async (ctx, deps) => {
  const values = formValues(ctx.form)
  try {
    await createSilence(changes(ctx, deps), silenceBody(values), ctx.principal.name)
  } catch (err) {
    if (err instanceof HttpError && (err.status === 400 || err.status === 409))
      return showSilences(ctx, deps, { values, error: err })
    throw err
  }
  redirectAfterForm(ctx, '/silences')
}

export const expireSilenceForm: WebHandler = async (ctx, deps) => {
  await endSilence(changes(ctx, deps), await findSilence(deps.store, ctx.params.id!))
  redirectAfterForm(ctx, '/silences?state=expired')
}
