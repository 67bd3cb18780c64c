// The worker thread of parse-thread.ts: parses one task at a time and posts the outcome back,
// with the body's bytes (handed over, not copied, both ways).
import { parentPort } from 'node:worker_threads'
import { type ParseTask, runParseTask } from './parse-task.js'

interface Request {
  id: number
  task: ParseTask
  bytes: Uint8Array<ArrayBuffer>
}

parentPort!.on('message', ({ id, task, bytes }: Request) => {
  try {
    parentPort!.postMessage({ id, outcome: runParseTask(task, bytes), bytes }, [bytes.buffer])
  } catch (err) {
    const crash = err instanceof Error ? err.message : String(err)
    parentPort!.postMessage({ id, crash, bytes }, [bytes.buffer])
  }
})
