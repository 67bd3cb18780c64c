// Reads request bodies. A ping's body is kept up to a limit and the rest drained (pings are never
// refused for size); a body that must be whole is refused as soon as it passes its limit, without
// reading the rest: the answer closes the connection instead.
import type { IncomingMessage, ServerResponse } from 'node:http'

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

/** Reads a whole body; fails once it passes `limit` bytes (or says it will), leaving the rest unread. */
export function readWholeBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new BodyTooLarge(`request body larger than ${limit} bytes`)
  if (Number(req.headers['content-length']) > limit) return Promise.reject(tooLarge())
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    let size = 0
    const stop = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', reject)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) return void parts.push(chunk)
      stop()
      req.pause()
      reject(tooLarge())
    }
    const onEnd = () => {
      stop()
      resolve(parts.length === 1 ? parts[0]! : Buffer.concat(parts, size))
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', reject)
  })
}

/**
 * For an answer given without reading the body: a body not yet all received is not read, the
 * connection closes after the answer. A request without a body keeps its connection.
 */
export function skipBody(req: IncomingMessage, res: ServerResponse): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > 0
  if (hasBody && !req.complete && !res.headersSent) res.setHeader('Connection', 'close')
}
