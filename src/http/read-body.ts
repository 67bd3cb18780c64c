// Reads a request body keeping at most `limit` bytes; the rest is drained, never buffered,
// so a client cannot make us hold more than `limit` bytes whatever it sends.
import type { IncomingMessage } from 'node:http'

export interface BodyPrefix {
  bytes: Buffer
  /** total bytes the client sent */
  size: number
}

export function readBodyPrefix(req: IncomingMessage, limit: number): Promise<BodyPrefix> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    let kept = 0
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (kept < limit) {
        const piece = chunk.length <= limit - kept ? chunk : chunk.subarray(0, limit - kept)
        parts.push(piece)
        kept += piece.length
      }
    })
    req.on('end', () => resolve({ bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts, kept), size }))
    req.on('error', reject)
  })
}

export class BodyTooLarge extends Error {}

/** Reads a whole body, failing once it passes `limit` bytes (the rest is drained). */
export async function readWholeBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const body = await readBodyPrefix(req, limit + 1)
  if (body.size > limit) throw new BodyTooLarge(`request body larger than ${limit} bytes`)
  return body.bytes
}
