#!/usr/bin/env bash
# Every test: Vitest (unit and engine protocol tests), then the production build and Playwright.
# Ends with one line `tests: N passed, N failed` summing both suites; exits non-zero on any failure.
set -u
export NEXT_TELEMETRY_DISABLED=1
cd "$(dirname "$0")/.."
mkdir -p .reports
rm -f .reports/vitest.json .reports/playwright.json
status=0

npx vitest run --reporter=default --reporter=json --outputFile.json=.reports/vitest.json || status=1

if npx next build; then
  npx playwright test || status=1
else
  echo "next build failed: Playwright not run" >&2
  status=1
fi

node scripts/test-summary.mjs .reports/vitest.json .reports/playwright.json || status=1
exit $status
