// Turns vitest's JSON report into the one line CI reads: `N passed, N failed`.
import { existsSync, readFileSync } from 'node:fs';

// The second argument: how many checks before the tests failed (type check, lint).
const [file, checksFailed] = process.argv.slice(2);
let passed = 0;
let failed = Number(checksFailed ?? 0) || 0;
if (existsSync(file)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTests ?? 0);
  // A test file that crashed before running its tests counts as a failure.
  failed += (report.testResults ?? []).filter(
    (r) => r.status === 'failed' && r.assertionResults.length === 0,
  ).length;
} else {
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
