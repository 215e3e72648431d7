import { describe, expect, it } from "vitest";
import { invokeMetricData } from "./invoke-metric-data";

const base = { endpoint: "ep", targetModel: "fraud/v3.tar.gz", at: new Date(0), roundTripMs: 12.5 };
const values = (d: ReturnType<typeof invokeMetricData>) => Object.fromEntries(d.map((m) => [m.MetricName, m.Value]));

describe("per-model data points of a console invoke (published on AWS)", () => {
  it("counts a success and its round trip in microseconds, with no cache verdict", () => {
    const data = invokeMetricData({ ...base, status: 200 });
    expect(values(data)).toEqual({ Invocations: 1, Invocation4XXErrors: 0, Invocation5XXErrors: 0, InvocationModelErrors: 0, ModelLatency: 12_500 });
    expect(data.every((m) => m.Dimensions?.map((d) => `${d.Name}=${d.Value}`).join(",") === "EndpointName=ep,TargetModel=fraud/v3.tar.gz")).toBe(true);
    expect(data.find((m) => m.MetricName === "ModelLatency")?.Unit).toBe("Microseconds");
    // Standard resolution, the one the charts read it at on AWS (whole minutes).
    expect(data.map((m) => m.StorageResolution)).toEqual(data.map(() => 60));
  });

  it("counts a model error as a 4XX and a model error, and a 5XX as such, without latency", () => {
    expect(values(invokeMetricData({ ...base, status: 424, errorName: "ModelError" }))).toEqual({
      Invocations: 1,
      Invocation4XXErrors: 1,
      Invocation5XXErrors: 0,
      InvocationModelErrors: 1,
    });
    expect(values(invokeMetricData({ ...base, status: 503, errorName: "ServiceUnavailable" }))).toMatchObject({ Invocation5XXErrors: 1, InvocationModelErrors: 0 });
  });
});
