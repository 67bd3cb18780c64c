// Prints "N passed, N failed" from Vitest's JSON report (a missing report counts as a failure).
import { existsSync, readFileSync } from 'node:fs'

const file = process.argv[2] ?? 'test-results.json'
if (!existsSync(file)) {
  console.log('no test report: lint, typecheck or build failed before the tests ran')
  console.log('0 passed, 1 failed')
  process.exit(1)
}
const report = JSON.parse(readFileSync(file, 'utf8'))
const passed = report.numPassedTests ?? 0
// A file that failed to load has no failed tests of its own: count it once.
const brokenFiles = (report.testResults ?? []).filter(
  (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
).length
const failed = (report.numFailedTests ?? 0) + brokenFiles
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
