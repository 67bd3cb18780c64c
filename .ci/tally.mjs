// Prints "N passed, N failed" from Vitest's JSON reports (the main run's and the solo run's); a
// missing report counts as a failure (a step before it failed).
import { existsSync, readFileSync } from 'node:fs'

const files = process.argv.length > 2 ? process.argv.slice(2) : ['test-results.json']
let passed = 0
let failed = 0
let skipped = 0
for (const file of files) {
  if (!existsSync(file)) {
    console.log(`no test report ${file}: lint, typecheck, build or an earlier test run failed before it`)
    failed += 1
    continue
  }
  const report = JSON.parse(readFileSync(file, 'utf8'))
  passed += report.numPassedTests ?? 0
  // A file that failed to load has no failed tests of its own: count it once.
  const brokenFiles = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length
  failed += (report.numFailedTests ?? 0) + brokenFiles
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
