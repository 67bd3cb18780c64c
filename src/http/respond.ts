// Small response writers shared by every route.
import type { ServerResponse } from 'node:http'

export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string | number> = {},
  head = false,
): void {
  const buf = Buffer.from(body)
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': buf.length,
    ...headers,
  })
  res.end(head ? undefined : buf)
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string | number> = {},
  head = false,
): void {
  const buf = Buffer.from(JSON.stringify(value))
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': buf.length,
    ...headers,
  })
  res.end(head ? undefined : buf)
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  details?: unknown,
): void {
  sendJson(res, status, { error: { code, message, ...(details !== undefined && { details }) } })
}
