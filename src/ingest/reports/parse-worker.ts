// The worker thread of parse-thread.ts: parses one task at a time and posts the outcome back.
import { parentPort } from 'node:worker_threads'
import { type ParseTask, runParseTask } from './parse-task.js'

interface Request {
  id: number
  task: ParseTask
  bytes: Uint8Array
}

parentPort!.on('message', ({ id, task, bytes }: Request) => {
  try {
    parentPort!.postMessage({ id, outcome: runParseTask(task, bytes) })
  } catch (err) {
    parentPort!.postMessage({ id, crash: err instanceof Error ? err.message : String(err) })
  }
})
