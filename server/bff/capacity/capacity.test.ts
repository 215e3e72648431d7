import fs from "node:fs";
import path from "node:path";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { estimateLoadMs, estimateMemoryBytes } from "@/lib/capacity/model-estimates";
import { gpuTypesIn, replayedGpuTypes } from "@/test/support/capacity/replayed-types";
import { LOCAL_ENGINE_DEFAULTS } from "@/lib/local-engine-defaults";
import { headKeyFor, type ModelHead } from "@/lib/model-registry";
import type { SessionUser } from "@/lib/roles";
import type { CapacityStreamLine, CapacityView } from "@/lib/schemas/capacity";
import { startBffTestEngine, type BffTestEngine } from "@/test/support/bff/bff-test-engine";
import { ADD_REQUEST, VIEWER, callRoute } from "@/test/support/bff/release-fixtures";
import { putVersionDirectly } from "@/test/support/bff/verification-packages";

// The capacity plan against a real engine: traffic sent through InvokeEndpoint (and, for models the
// engine never loaded, per-model data put as the console publishes it on AWS), read back through the
// use-case and its route.
const session = vi.hoisted(() => ({ user: undefined as SessionUser | undefined }));
vi.mock("@/server/auth/session-user", () => ({ sessionUser: async () => session.user }));

const EP = "cap";
const MiB = 1024 ** 2;

let engine: BffTestEngine;
let bff: {
  plan: typeof import("./plan-capacity").planCapacity;
  route: typeof import("@/app/api/endpoints/[name]/capacity/route");
};

/** A registry head with one ready version of `size` bytes, as the registry writes it, with no artifact: the engine never loads it. */
async function registerOnly(model: string, size: number, verification?: ModelHead["versions"][string]["verification"]) {
  const head: ModelHead = {
    model,
    nextVersion: 2,
    versions: { "1": { state: "ready", uploadedBy: "a@example.com", uploadedAt: new Date(Date.now() - 3_600_000).toISOString(), size, verification } },
    aliases: {},
    canaries: {},
    aliasHistory: [],
  };
  await engine.s3.send(new PutObjectCommand({ Bucket: EP, Key: headKeyFor("m/", model), Body: JSON.stringify(head) }));
}

/** Invocations of a target model as the console publishes them on AWS (the engine records the same series for what it serves). */
async function publishInvocations(targetModel: string, count: number) {
  await engine.cw.send(
    new PutMetricDataCommand({
      Namespace: "MMEConsole",
      MetricData: [
        {
          MetricName: "Invocations",
          Dimensions: [
            { Name: "EndpointName", Value: EP },
            { Name: "TargetModel", Value: targetModel },
          ],
          Timestamp: new Date(Date.now() - 120_000),
          Value: count,
          Unit: "Count",
        },
      ],
    }),
  );
}

beforeAll(async () => {
  engine = await startBffTestEngine({ bucket: EP });
  await engine.createMmeEndpoint(EP, `s3://${EP}/m/`);
  await engine.waitInService(EP);
  const add = fs.readFileSync(path.resolve("fixtures/models/onnx-add.tar.gz"));
  for (const m of ["hot", "warm", "idle"]) await putVersionDirectly(engine.s3, { bucket: EP, prefix: "m/", model: m, bytes: add });
  const runtime = new SageMakerRuntimeClient({ region: LOCAL_ENGINE_DEFAULTS.region, endpoint: engine.url, credentials: { accessKeyId: LOCAL_ENGINE_DEFAULTS.accessKeyId, secretAccessKey: LOCAL_ENGINE_DEFAULTS.secretAccessKey } });
  const invoke = (targetModel: string) => runtime.send(new InvokeEndpointCommand({ EndpointName: EP, TargetModel: targetModel, ContentType: "application/json", Body: JSON.stringify(ADD_REQUEST) }));
  for (let i = 0; i < 6; i++) await invoke("hot/v1.tar.gz");
  for (let i = 0; i < 2; i++) await invoke("warm/v1.tar.gz");
  runtime.destroy();
  await registerOnly("verified", 50 * MiB, { status: "verified", at: new Date().toISOString(), loadMs: 1234, latencyMs: 5, coldLoad: true, outputs: [] });
  await registerOnly("plain", 10 * MiB);
  await publishInvocations("verified/v1.tar.gz", 4);
  await publishInvocations("plain/v1.tar.gz", 1);
  bff = { plan: (await import("./plan-capacity")).planCapacity, route: await import("@/app/api/endpoints/[name]/capacity/route") };
});
afterAll(async () => engine?.close());

describe("planCapacity", () => {
  let view: CapacityView;
  beforeAll(async () => {
    view = await bff.plan(EP, { range: "1h", max_instances: 2, target_hit_ratio: 0.5 });
  }, 250_000);

  it("plans the target models that were called, with the invocations sent and the registry model beside each", () => {
    const byName = Object.fromEntries(view.models.map((m) => [m.name, m]));
    expect(Object.keys(byName).sort()).toEqual(["hot/v1.tar.gz", "plain/v1.tar.gz", "verified/v1.tar.gz", "warm/v1.tar.gz"]);
    expect(byName["hot/v1.tar.gz"]).toMatchObject({ model: "hot", version: 1, invocations: 6, peakPerMinute: expect.any(Number) });
    expect(byName["warm/v1.tar.gz"]!.invocations).toBe(2);
    expect(byName["verified/v1.tar.gz"]!.invocations).toBe(4);
    expect(byName["plain/v1.tar.gz"]!.invocations).toBe(1);
  });

  it("says where each model's memory and load time came from: the engine, the verification, or the package", () => {
    const byName = Object.fromEntries(view.models.map((m) => [m.name, m]));
    // Loaded by the engine: its residency's bytes and its own ModelLoadingTime.
    expect(byName["hot/v1.tar.gz"]).toMatchObject({ memorySource: "measured", loadSource: "measured" });
    expect(byName["hot/v1.tar.gz"]!.memoryBytes).toBeGreaterThan(0);
    // Never loaded: memory from the package size, load time from the verification, else from memory.
    expect(byName["verified/v1.tar.gz"]).toMatchObject({ memorySource: "estimated", memoryBytes: estimateMemoryBytes(50 * MiB), loadSource: "verification", loadMs: 1234 });
    expect(byName["plain/v1.tar.gz"]).toMatchObject({ memorySource: "estimated", loadSource: "estimated", loadMs: estimateLoadMs(estimateMemoryBytes(10 * MiB)) });
  });

  it("prices every type × count × policy of the region, cheapest first, and marks the current configuration and the cheapest meeting the target", () => {
    expect(view.region).toBe("us-east-1");
    expect(view.current).toEqual({ instanceType: "ml.g5.xlarge", count: 1 });
    // A GPU endpoint is offered GPU types only, those worth replaying, × counts 1..2 × 2 policies.
    expect(view.configs).toHaveLength(replayedGpuTypes("us-east-1", "ml.g5.xlarge").length * 2 * 2);
    expect(replayedGpuTypes("us-east-1", "ml.g5.xlarge").length).toBeLessThan(gpuTypesIn("us-east-1").length);
    expect(view.configs.some((c) => c.instanceType === "ml.m5.xlarge")).toBe(false);
    const costs = view.configs.map((c) => c.monthlyUsd);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    expect(view.configs.filter((c) => c.current)).toEqual([expect.objectContaining({ instanceType: "ml.g5.xlarge", count: 1, policy: "lru" })]);
    expect(view.cheapest).toBeDefined();
    const cheapest = view.configs[view.cheapest!]!;
    expect(cheapest.meetsTarget).toBe(true);
    expect(view.configs.filter((c) => c.meetsTarget).every((c) => c.monthlyUsd >= cheapest.monthlyUsd)).toBe(true);
    // Four small models on a GPU endpoint: one g4dn.xlarge each.
    expect(view.dedicated).toEqual({ monthlyUsd: expect.closeTo(4 * 0.736 * 730, 2), endpoints: 4, unplaceable: [] });
    expect(view.target).toEqual({ hitRatio: 0.5 });
    expect(view.seed).toBe(1);
  });

  it("finds the endpoint healthy: models loaded once, nothing unloaded", () => {
    expect(view.health).toMatchObject({ verdict: "healthy", unloads: 0, distinctModelsCalled: 4 });
    expect(view.health.sentence).toMatch(/^Healthy: \d+(\.\d)?% of requests found their model loaded, 0 unloads(, instances held at most \d+ models?)?, 4 models called\.$/);
  });
});

describe("GET /api/endpoints/<name>/capacity", () => {
  beforeAll(() => void (session.user = VIEWER));
  const get = (query: string) => callRoute(bff.route.GET, "GET", `/api/endpoints/${EP}/capacity${query}`, { name: EP });

  it.each([
    ["?range=2d", "range must be 1h, 1d or 1w"],
    ["?target_hit_ratio=1.5", "target_hit_ratio must be from 0 to 1"],
    ["?target_hit_ratio=lots", "target_hit_ratio must be a number from 0 to 1"],
    ["?max_instances=0", "max_instances must be from 1 to 10"],
    ["?max_instances=2.5", "max_instances must be a whole number from 1 to 10"],
  ])("answers %s with a 400 that says what is wrong", async (query, sentence) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "bad_request", message: sentence });
  });

  it("answers 404 for an endpoint that does not exist", async () => {
    const res = await callRoute(bff.route.GET, "GET", "/api/endpoints/nope/capacity", { name: "nope" });
    expect(res.status).toBe(404);
  });

  it("answers the plan as JSON to a viewer", async () => {
    const res = await get("?range=1h&max_instances=1");
    expect(res.status).toBe(200);
    expect((res.body as unknown as CapacityView).configs).toHaveLength(replayedGpuTypes("us-east-1", "ml.g5.xlarge").length * 2);
  });

  it("streams progress lines, then the result, with Accept: application/x-ndjson", async () => {
    const req = new NextRequest(new URL(`/api/endpoints/${EP}/capacity?range=1h&max_instances=1`, "http://console.test"), { headers: { accept: "application/x-ndjson" } });
    const res = await bff.route.GET(req, { params: Promise.resolve({ name: EP }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/x-ndjson");
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as CapacityStreamLine);
    const progress = lines.slice(0, -1).map((l) => ("progress" in l ? l.progress : undefined));
    const total = replayedGpuTypes("us-east-1", "ml.g5.xlarge").length * 2;
    expect(progress).toEqual(Array.from({ length: total }, (_, i) => ({ done: i + 1, total })));
    const last = lines.at(-1)!;
    expect("result" in last && last.result.configs).toHaveLength(total);
  });
});
