import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/** Test support (test/support/) serves tests, benchmarks and fixture scripts; what ships never imports it. */
const TEST_SUPPORT = { group: ["@/test/*", "**/test/support/**"], message: "Only tests import test/support/." };

function restrictImports(files, patterns) {
  return { files, ignores: ["**/*.test.ts"], rules: { "no-restricted-imports": ["error", { patterns: [...patterns, TEST_SUPPORT] }] } };
}

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", ".next-*/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "bench/results/**"],
  },
  // The layering of docs/architecture.md. ESLint keeps one no-restricted-imports per file (the last
  // config wins), so each block lists every pattern that applies to its files.
  restrictImports(["components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"], [
    { group: ["@/server/*", "**/server/**"], message: "components/ and lib/ must not import server code." },
  ]),
  // The console reaches the engine only over HTTP through the AWS SDK. (Its tests may start a real
  // engine in-process, through test/support/, to drive the BFF against it.)
  restrictImports(["app/**/*.{ts,tsx}", "server/bff/**/*.ts", "server/aws/**/*.ts", "server/auth/**/*.ts", "server/route/**/*.ts"], [
    { group: ["@/server/engine/*", "**/engine/**"], message: "The console talks to the engine only through @aws-sdk clients." },
  ]),
  // The engine is the AWS side: it must not depend on the SDK clients or the console. (Its tests
  // drive it through the real SDK clients.)
  restrictImports(["server/engine/**/*.ts"], [
    { group: ["@aws-sdk/client-*", "@/server/bff/*", "**/bff/**"], message: "The engine never imports SDK clients or the BFF." },
  ]),
  restrictImports(["server/console-store/**/*.ts", "server/dev-idp/**/*.ts", "proxy.ts"], []),
];

export default config;
