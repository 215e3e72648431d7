import { CloudWatchClient, GetMetricDataCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RANGE_PRESETS, type RangePreset } from "@/lib/metrics/time-range";
import { awsModeEnv, createMotoMmeEndpoint, motoClientConfig, startMoto, type MotoServer } from "@/test/support/aws/moto-server";

// The metrics use-cases in AWS mode against moto. On AWS every series the console charts has
// standard resolution (SageMaker's, and the per-model series the console publishes), so periods
// are multiples of 60 s whatever the range. (moto has no percentiles, so only the charts made of
// averages and sums are read back here; the local engine's tests cover the rest.)
const EP = "metrics-on-moto";
let moto: MotoServer;
let cw: CloudWatchClient;
let bff: {
  endpoint: typeof import("./get-endpoint-metrics").getEndpointMetrics;
  window: typeof import("./metrics-window");
  publish: typeof import("./publish-invoke-metrics").publishInvokeMetrics;
};

beforeAll(async () => {
  moto = await startMoto();
  Object.assign(process.env, awsModeEnv(moto.url));
  const common = motoClientConfig(moto.url);
  cw = new CloudWatchClient(common);
  await createMotoMmeEndpoint(moto.url, { name: EP, modelDataUrl: "s3://mme-models/m/", instanceType: "ml.g4dn.xlarge", instanceCount: 1 });
  bff = {
    endpoint: (await import("./get-endpoint-metrics")).getEndpointMetrics,
    window: await import("./metrics-window"),
    publish: (await import("./publish-invoke-metrics")).publishInvokeMetrics,
  };
});
afterAll(async () => {
  cw?.destroy();
  await moto?.stop();
});

describe("metric periods on AWS", () => {
  it("reads SageMaker's instance metrics at whole minutes, the last hour included", async () => {
    const at = new Date(Date.now() - 5 * 60_000);
    await cw.send(
      new PutMetricDataCommand({
        Namespace: "/aws/sagemaker/Endpoints",
        MetricData: [{ MetricName: "LoadedModelCount", Dimensions: [{ Name: "EndpointName", Value: EP }, { Name: "VariantName", Value: "AllTraffic" }], Timestamp: at, Value: 3 }],
      }),
    );
    for (const preset of Object.keys(RANGE_PRESETS) as RangePreset[]) {
      const view = await bff.endpoint(EP, { preset }, ["loaded-models"]);
      expect(view.period % 60, preset).toBe(0);
      expect(view.start % 60_000, preset).toBe(0);
      expect(view.series.loadedModelsMax?.map(([, v]) => v), preset).toEqual([3]);
    }
    expect((await bff.endpoint(EP, { preset: "1h" }, ["loaded-models"])).period).toBe(60);
  });

  it("charts the per-model series at whole minutes too, as the console publishes it at standard resolution", async () => {
    const { chartWindow, dataResolution } = bff.window;
    expect(dataResolution(["MMEConsole"])).toBe(60);
    expect(chartWindow({ preset: "1h" }, dataResolution(["MMEConsole"])).period).toBe(60);
    expect(chartWindow({ start: Date.now() - 10 * 60_000, end: Date.now() }, dataResolution(["AWS/SageMaker"])).period).toBe(60);

    const at = new Date(Date.now() - 2 * 60_000);
    bff.publish({ endpoint: EP, targetModel: "fraud/v1.tar.gz", at, roundTripMs: 12, status: 200 });
    const dims = [
      { Name: "EndpointName", Value: EP },
      { Name: "TargetModel", Value: "fraud/v1.tar.gz" },
    ];
    await expect
      .poll(async () => {
        const out = await cw.send(
          new GetMetricDataCommand({
            StartTime: new Date(Date.now() - 3_600_000),
            EndTime: new Date(),
            MetricDataQueries: [{ Id: "q0", MetricStat: { Metric: { Namespace: "MMEConsole", MetricName: "Invocations", Dimensions: dims }, Period: 60, Stat: "Sum" } }],
          }),
        );
        return out.MetricDataResults?.[0]?.Values;
      })
      .toEqual([1]);
  });
});
