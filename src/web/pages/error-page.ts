// An error as a page: the status, what went wrong in words, a way back.
import { html, type SafeHtml } from '../html.js'

const TITLES: Record<number, string> = {
  400: 'Bad request',
  403: 'Not allowed',
  404: 'Not found',
  413: 'Too large',
  415: 'Unsupported form',
  429: 'Too many attempts',
  500: 'Something went wrong',
}

export function errorTitle(status: number): string {
  return TITLES[status] ?? 'Error'
}

export function errorMain(status: number, message: string): SafeHtml {
  return html`<section class="error-page">
<p class="eyebrow">Error ${status}</p>
<h1>${errorTitle(status)}</h1>
<p>${message}</p>
<p><a class="button" href="/">Back to the overview</a></p>
</section>`
}
