import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { Page } from "@playwright/test";
import { LOCAL_ENGINE_DEFAULTS } from "../../lib/local-engine-defaults";

/**
 * A SageMaker client on the e2e stack's local engine, for tests that need more than the console's
 * API offers (a thousand endpoints at once). The stack starts the engine on a free port; the
 * console names it in its pages' CSP, as the origin browsers upload to (connect-src).
 */
export async function localEngineSageMaker(page: Page): Promise<SageMakerClient> {
  const res = await page.request.get("/signin");
  const csp = res.headers()["content-security-policy"] ?? "";
  const connect = csp.split(";").find((d) => d.trim().startsWith("connect-src")) ?? "";
  const origin = connect.split(/\s+/).find((s) => /^http:\/\/127\.0\.0\.1:\d+$/.test(s));
  if (!origin) throw new Error(`no local engine origin in the console's connect-src: ${connect}`);
  return new SageMakerClient({
    endpoint: origin,
    region: LOCAL_ENGINE_DEFAULTS.region,
    credentials: { accessKeyId: LOCAL_ENGINE_DEFAULTS.accessKeyId, secretAccessKey: LOCAL_ENGINE_DEFAULTS.secretAccessKey },
  });
}
