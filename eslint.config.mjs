import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "bench/results/**"],
  },
  {
    // The layering of docs/architecture.md: the browser side never reaches server code.
    files: ["components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/server/*", "**/server/**"], message: "components/ and lib/ must not import server code." }] }],
    },
  },
  {
    // The console reaches the engine only over HTTP through the AWS SDK.
    files: ["app/**/*.{ts,tsx}", "server/bff/**/*.ts", "server/aws/**/*.ts", "server/auth/**/*.ts"],
    // Tests, and the helpers only tests import, may start a real engine in-process to drive the BFF against it.
    ignores: ["**/*.test.ts", "server/bff/testing/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/server/engine/*", "**/engine/**"], message: "The console talks to the engine only through @aws-sdk clients." }] }],
    },
  },
  {
    // The engine is the AWS side: it must not depend on the SDK clients or the console.
    files: ["server/engine/**/*.ts"],
    // Tests, and the helpers only tests import, drive the engine through the real SDK clients.
    ignores: ["server/engine/**/*.test.ts", "server/engine/testing/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@aws-sdk/client-*", "@/server/bff/*", "**/bff/**"], message: "The engine never imports SDK clients or the BFF." }] }],
    },
  },
];

export default config;
