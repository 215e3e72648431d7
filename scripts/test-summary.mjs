// Sums the JSON reports of Vitest and Playwright into the one closing line CI reads.
// A missing or unreadable report counts as a failure: a suite that did not run did not pass.
import fs from "node:fs";

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  let report;
  try {
    report = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    console.error(`no readable report at ${file}`);
    failed += 1;
    continue;
  }
  if (report.stats) {
    // Playwright: expected = passed, unexpected = failed, flaky passed on retry.
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected + (report.errors?.length ?? 0);
  } else {
    // Vitest (Jest-compatible JSON). A file that failed with no failed test could not even load.
    const brokenFiles = (report.testResults ?? []).filter((r) => r.status === "failed" && !r.assertionResults?.some((a) => a.status === "failed"));
    passed += report.numPassedTests;
    failed += report.numFailedTests + brokenFiles.length;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
