// A canonical uuid derived from a text (first 16 bytes of its sha1, marked version 5): gives
// reports that carry no uuid of their own a stable run id, so sending one twice is harmless.
import { createHash } from 'node:crypto'

export function derivedUuid(text: string): string {
  const h = createHash('sha1').update(text).digest()
  h[6] = (h[6]! & 0x0f) | 0x50
  h[8] = (h[8]! & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`
}
