import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { defaultTritonImage } from "@/lib/triton-images";
import { makeDataDir } from "@/test/support/engine/start-test-engine";
import { openEngineDb } from "../../engine-db";
import { SageMakerStore } from "./store/sagemaker-store";
import { SageMakerBackend } from "./sagemaker-backend";

/**
 * findEndpoint serves InvokeEndpoint from memory; these check it never shows a state that a
 * DescribeEndpoint at the same moment would not, on a clock the test moves by hand (no timer
 * fires: the transition is an hour long).
 */
const HOUR = 3_600_000;
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function backendAt(clock: { now: number }) {
  const dataDir = makeDataDir();
  const db = openEngineDb(dataDir);
  const backend = new SageMakerBackend({
    store: new SageMakerStore(db),
    region: "us-east-1",
    accountId: "000000000000",
    transitionMs: HOUR,
    modelData: { bucketExists: () => true },
    now: () => clock.now,
  });
  cleanups.push(() => {
    backend.close();
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  backend.createModel({ ModelName: "m", PrimaryContainer: { Image: defaultTritonImage("us-east-1")!, Mode: "MultiModel", ModelDataUrl: "s3://b/p/" } });
  for (const name of ["cfg-1", "cfg-2"]) {
    backend.createEndpointConfig({ EndpointConfigName: name, ProductionVariants: [{ VariantName: "AllTraffic", ModelName: "m", InstanceType: "ml.g5.xlarge", InitialInstanceCount: 1 }] });
  }
  return backend;
}

describe("SageMakerBackend.findEndpoint", () => {
  it("sees a transition complete once it is due, though nothing else was called", () => {
    const clock = { now: 1_000_000 };
    const backend = backendAt(clock);
    expect(backend.findEndpoint("ep")).toBeUndefined();
    backend.createEndpoint({ EndpointName: "ep", EndpointConfigName: "cfg-1" });
    expect(backend.findEndpoint("EP")?.status).toBe("Creating");
    clock.now += HOUR - 1;
    expect(backend.findEndpoint("ep")?.status).toBe("Creating");
    clock.now += 1;
    expect(backend.findEndpoint("ep")).toMatchObject({ status: "InService", endpointConfigName: "cfg-1" });
  });

  it("sees every change an API call makes at once: update, then delete", () => {
    const clock = { now: 1_000_000 };
    const backend = backendAt(clock);
    backend.createEndpoint({ EndpointName: "ep", EndpointConfigName: "cfg-1" });
    clock.now += HOUR;
    expect(backend.findEndpoint("ep")?.status).toBe("InService");
    backend.updateEndpoint({ EndpointName: "ep", EndpointConfigName: "cfg-2" });
    expect(backend.findEndpoint("ep")?.status).toBe("Updating");
    clock.now += HOUR;
    expect(backend.findEndpoint("ep")).toMatchObject({ status: "InService", endpointConfigName: "cfg-2" });
    backend.deleteEndpoint({ EndpointName: "ep" });
    expect(backend.findEndpoint("ep")?.status).toBe("Deleting");
    clock.now += HOUR;
    expect(backend.findEndpoint("ep")).toBeUndefined();
  });
});
