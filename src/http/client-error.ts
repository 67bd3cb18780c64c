// Answers for what never becomes a request: a malformed or oversized request head, a request
// too slow to arrive, a CONNECT. Node's own answers lack our headers and say 400 for what it
// parsed; here each gets its status, and a connection that never sent a byte is closed without
// an answer (there was no request to answer).
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'

const STATUS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: '413 Payload Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
}

// No body: the request may have been a HEAD, whose answer must have none, and its method is
// not known here.
function answerAndClose(socket: Socket, status: string): void {
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Length: 0\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n`,
  )
  // the server keeps half-open sockets: close ours once the answer is out
  socket.once('finish', () => socket.destroy())
}

export function onClientError(err: Error & { code?: string }, duplex: Duplex): void {
  const socket = duplex as Socket & { _httpMessage?: ServerResponse | null }
  // An answer already started cannot be followed by another (Node's own handler checks the same).
  const silent =
    err.code === 'ECONNRESET' ||
    (err.code === 'ERR_HTTP_REQUEST_TIMEOUT' && socket.bytesRead === 0) ||
    socket._httpMessage?.headersSent === true
  if (silent || !socket.writable) socket.destroy()
  else answerAndClose(socket, STATUS[err.code ?? ''] ?? '400 Bad Request')
}

/** CONNECT is for proxies: refused like any method we do not serve. */
export function onConnect(_req: IncomingMessage, duplex: Duplex): void {
  const socket = duplex as Socket
  if (socket.writable) answerAndClose(socket, '405 Method Not Allowed')
  else socket.destroy()
}
