// Backwatch dashboard: small progressive enhancement. Every page works without it.
// - live rows: a <tbody data-live="/live/…"> is refetched every 5 s (ETag), each row replaced in
//   place by its data-id, never reordered; a [data-live-region] (the overview) is swapped whole;
//   the title and favicon follow X-Backwatch-Down
// - relative times (<time data-rel>) kept current
// - selects with data-autosubmit submit their form; [data-js-hide] is hidden when this runs
// - [data-copy] buttons copy their value; forms with data-confirm ask first
// - select[data-kind-select] shows only its form's fieldset[data-kind] of the chosen kind

import { ago } from '../components/format.ts'

const LIVE_MS = 5000

function refreshTimes(root) {
  const now = Date.now()
  for (const t of root.querySelectorAll('time[data-rel]')) {
    const at = Date.parse(t.getAttribute('datetime'))
    if (!Number.isNaN(at)) t.textContent = ago(at, now)
  }
}

function showDown(down) {
  const html = document.documentElement
  const title = document.querySelector('title')
  const base = title?.dataset.base
  if (base) document.title = down > 0 ? `(${down} down) ${base}` : base
  const icon = document.querySelector('link[rel="icon"]')
  const href = down > 0 ? html.dataset.faviconDown : html.dataset.favicon
  if (icon && href && icon.getAttribute('href') !== href) icon.setAttribute('href', href)
}

// Fetches `url` every LIVE_MS (If-None-Match: an unchanged answer is a 304) and hands a changed
// body to `apply`; `el.dataset.refreshed` tells when it last did.
function poll(el, url, apply) {
  let etag = null
  let busy = false
  const tick = async () => {
    if (busy || document.hidden) return
    busy = true
    try {
      const res = await fetch(url, {
        headers: etag ? { 'If-None-Match': etag } : {},
        credentials: 'same-origin',
      })
      if (res.status === 401) return window.location.reload()
      const down = res.headers.get('X-Backwatch-Down')
      if (down !== null) showDown(Number(down))
      if (res.status !== 200) return
      etag = res.headers.get('ETag')
      apply(await res.text())
      el.dataset.refreshed = String(Date.now())
    } catch {
      // offline for a moment: the next tick tries again
    } finally {
      busy = false
    }
  }
  setInterval(tick, LIVE_MS)
}

// rows replaced in place by their data-id: nothing the user is looking at moves
function liveRows(tbody) {
  poll(tbody, tbody.dataset.live, (text) => {
    const tpl = document.createElement('template')
    tpl.innerHTML = `<table><tbody>${text}</tbody></table>`
    for (const row of tpl.content.querySelectorAll('tr[data-id]')) {
      const old = tbody.querySelector(`tr[data-id="${row.dataset.id}"]`)
      if (old && old.outerHTML !== row.outerHTML) old.replaceWith(row)
    }
  })
}

// a whole region (the overview) swapped when it changed, unless focus is inside it
function liveRegion(el) {
  poll(el, el.dataset.liveRegion, (text) => {
    if (el.contains(document.activeElement) && document.activeElement !== document.body) return
    el.innerHTML = text
  })
}

// a form's fieldsets for one kind each: only the chosen one shows (and is sent)
function kindFields(select) {
  const show = () => {
    for (const set of select.form.querySelectorAll('fieldset[data-kind]')) {
      const chosen = set.dataset.kind === select.value
      set.hidden = !chosen
      set.disabled = !chosen
    }
  }
  select.addEventListener('change', show)
  show()
}

function init() {
  for (const el of document.querySelectorAll('[data-js-hide]')) el.hidden = true
  for (const select of document.querySelectorAll('select[data-autosubmit]')) {
    select.addEventListener('change', () => select.form?.requestSubmit())
  }
  for (const tbody of document.querySelectorAll('tbody[data-live]')) liveRows(tbody)
  for (const select of document.querySelectorAll('select[data-kind-select]')) kindFields(select)
  for (const el of document.querySelectorAll('[data-live-region]')) liveRegion(el)
  document.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('[data-copy]') : null
    if (!button) return
    navigator.clipboard?.writeText(button.dataset.copy).then(() => {
      const label = button.textContent
      button.textContent = 'Copied'
      setTimeout(() => {
        button.textContent = label
      }, 1500)
    })
  })
  document.addEventListener('submit', (e) => {
    const form = e.target
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      e.preventDefault()
    }
  })
  setInterval(() => refreshTimes(document), 30_000)
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init)
else init()
