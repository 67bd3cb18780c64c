// A JSON list answer `{"items":[…]}` serialised in slices with a turn of the event loop between
// them: a status file's thousands of runs take longer to serialise than a ping may wait.
import type { ServerResponse } from 'node:http'
import { loopTurn } from '../loop-turn.js'

const SLICE = 250

export async function sendItems<T>(
  res: ServerResponse,
  status: number,
  items: T[],
  present: (item: T) => unknown,
): Promise<void> {
  const parts: string[] = []
  for (let i = 0; i < items.length; i += SLICE) {
    if (i > 0) await loopTurn()
    parts.push(JSON.stringify(items.slice(i, i + SLICE).map(present)).slice(1, -1))
  }
  const body = Buffer.from(`{"items":[${parts.join(',')}]}`)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length })
  res.end(body)
}
