// Auto-escaping HTML templates. `html` returns SafeHtml; every interpolated value is escaped
// unless it is SafeHtml (made by `html` or `trustedHtml`); arrays are rendered item by item;
// null, undefined and false render nothing. SafeHtml cannot be forged: only this module mints it
// (a private field, not a property a plain object could carry).

const MINT = Symbol('SafeHtml')

export class SafeHtml {
  readonly #text: string

  constructor(mint: symbol, text: string) {
    if (mint !== MINT) throw new TypeError('SafeHtml comes from html`…` or trustedHtml()')
    this.#text = text
  }

  static is(value: unknown): value is SafeHtml {
    return typeof value === 'object' && value !== null && #text in value
  }

  toString(): string {
    return this.#text
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[]

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text made safe for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return ''
  if (SafeHtml.is(value)) return value.toString()
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(String(value))
}

// An unquoted attribute value (`<a href=${x}>`) could be broken out of with a space: refused. The
// template's own text is scanned once for where each value lands (in a tag, in quotes or not).
const checked = new WeakSet<TemplateStringsArray>()
function checkQuoted(strings: TemplateStringsArray): void {
  if (checked.has(strings)) return
  let inTag = false
  let quote: string | null = null
  for (const [i, part] of strings.entries()) {
    for (const c of part) {
      if (quote) {
        if (c === quote) quote = null
      } else if (inTag) {
        if (c === '"' || c === "'") quote = c
        else if (c === '>') inTag = false
      } else if (c === '<') inTag = true
    }
    if (i < strings.length - 1 && inTag && !quote && /=\s*$/.test(part)) {
      throw new Error(`unquoted attribute value after ${JSON.stringify(part.slice(-40))}`)
    }
  }
  checked.add(strings)
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  checkQuoted(strings)
  let out = strings[0]!
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!
  return new SafeHtml(MINT, out)
}

/** Our own constant markup (never anything a user, a job or a log wrote). */
export function trustedHtml(constant: string): SafeHtml {
  return new SafeHtml(MINT, constant)
}

/** SafeHtml items joined by a separator. */
export function joinHtml(items: readonly SafeHtml[], separator: HtmlValue = ''): SafeHtml {
  const sep = render(separator)
  return new SafeHtml(MINT, items.map((i) => i.toString()).join(sep))
}
