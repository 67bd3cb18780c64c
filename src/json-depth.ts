// The nesting limit of every JSON body we accept. JSON.parse copes with any depth, but the code
// after it (validation, JSON.stringify, clients reading it back) recurses: 5 000 levels overflow
// the stack. One linear scan of the text, before JSON.parse, keeps deep input from ever reaching it.

export const MAX_JSON_DEPTH = 64

export const jsonDepthMessage = (limit = MAX_JSON_DEPTH) => `JSON nested deeper than ${limit} levels`

/**
 * Whether `text` opens more than `limit` arrays/objects inside each other. Brackets inside
 * strings do not count. Works on a sequence of values too (JSON lines); a newline ends a string,
 * as no JSON string holds a raw one, so stray quotes in non-JSON lines cannot hide brackets for long.
 */
export function exceedsJsonDepth(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22 || c === 0x0a) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--
  }
  return false
}
