import { CloudWatchClient, ListMetricsCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRouter } from "../http/router";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { makeDataDir, TEST_CONFIG, TEST_CREDENTIALS } from "@/test/support/engine/start-test-engine";
import { createCloudWatchService, type CloudWatchService } from "./create-cloudwatch-service";

/** The series cap needs a small limit, so this serves the service alone behind the real router. */
const dataDir = makeDataDir();
let service: CloudWatchService;
let server: Server;
let cw: CloudWatchClient;

beforeAll(async () => {
  service = createCloudWatchService({ dataDir, maxSeries: 3 });
  server = createServer(
    createRouter({ services: { cloudwatch: service.handler }, region: TEST_CONFIG.region, credentials: TEST_CREDENTIALS }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cw = new CloudWatchClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});
afterAll(async () => {
  cw?.destroy();
  await new Promise((resolve) => server?.close(resolve));
  await service?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it("refuses PutMetricData past the series cap with LimitExceededException, and the sink drops", async () => {
  const put = (names: string[]) => cw.send(new PutMetricDataCommand({ Namespace: "Cap", MetricData: names.map((n) => ({ MetricName: n, Value: 1 })) }));
  await put(["a", "b"]);
  await expectAwsError(put(["a", "c", "d"]), "LimitExceededException", "The local engine keeps at most 3 metric series; this request adds 2 new ones and only 1 more fit.");
  await put(["a", "b", "c"]);
  service.sink.series({ namespace: "Cap", metricName: "from-sink", dimensions: [], unit: "Count" }).add(1);
  const listed = await cw.send(new ListMetricsCommand({ Namespace: "Cap" }));
  expect(listed.Metrics!.map((m) => m.MetricName)).toEqual(["a", "b", "c"]);
});
