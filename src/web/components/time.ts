// An instant as "3 h ago" with the exact time (in the job's zone) as its tooltip; app.js keeps
// the words current while the page stays open.
import { html, type SafeHtml } from '../html.js'
import { ago, exactTime } from './format.js'

export function timeAgo(at: number, now: number, zone: string | null): SafeHtml {
  return html`<time datetime="${new Date(at).toISOString()}" title="${exactTime(at, zone)}" data-rel>${ago(at, now)}</time>`
}
