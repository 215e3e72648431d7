import { describe, expect, it } from "vitest";
import { parseConfigPbtxt } from "@/lib/triton/parse-config-pbtxt";
import { pythonInstanceGroups, pythonInstances, tritonConfigJson } from "./triton-config-json";

const config = (instanceGroup: string) => {
  const parsed = parseConfigPbtxt(`name: "m"\nbackend: "python"\nmax_batch_size: 0\ninput [ { name: "X" data_type: TYPE_FP32 dims: [ 1 ] } ]\noutput [ { name: "Y" data_type: TYPE_FP32 dims: [ 1 ] } ]\n${instanceGroup}\n`);
  expect(parsed.errors).toEqual([]);
  return parsed.config!;
};

describe("Python model instances as Triton creates them", () => {
  it("without instance_group: one instance, on the GPU when the machine has one (KIND_AUTO)", () => {
    expect(pythonInstances(pythonInstanceGroups(config(""), "m", false))).toEqual([{ kind: "CPU", deviceId: 0, groupName: "m_0", instanceName: "m_0_0" }]);
    expect(pythonInstances(pythonInstanceGroups(config(""), "m", true))).toEqual([{ kind: "GPU", deviceId: 0, groupName: "m_0", instanceName: "m_0_0" }]);
  });

  it("names each instance <group>_<index within the group>, groups <model>_<group index> unless named; a GPU group's instances go round its GPUs", () => {
    const c = config('instance_group [ { count: 2 kind: KIND_CPU }, { name: "gpu" count: 3 kind: KIND_GPU gpus: [ 1, 3 ] }, { kind: KIND_AUTO } ]');
    const groups = pythonInstanceGroups(c, "target.tar.gz", false);
    expect(pythonInstances(groups)).toEqual([
      { kind: "CPU", deviceId: 0, groupName: "target.tar.gz_0", instanceName: "target.tar.gz_0_0" },
      { kind: "CPU", deviceId: 0, groupName: "target.tar.gz_0", instanceName: "target.tar.gz_0_1" },
      { kind: "GPU", deviceId: 1, groupName: "gpu", instanceName: "gpu_0" },
      { kind: "GPU", deviceId: 3, groupName: "gpu", instanceName: "gpu_1" },
      { kind: "GPU", deviceId: 1, groupName: "gpu", instanceName: "gpu_2" },
      { kind: "CPU", deviceId: 0, groupName: "target.tar.gz_2", instanceName: "target.tar.gz_2_0" },
    ]);
    expect(tritonConfigJson(c, "target.tar.gz", groups).instance_group).toEqual([
      { name: "target.tar.gz_0", kind: "KIND_CPU", count: 2, gpus: [], secondary_devices: [], profile: [], passive: false, host_policy: "" },
      { name: "gpu", kind: "KIND_GPU", count: 3, gpus: [1, 3], secondary_devices: [], profile: [], passive: false, host_policy: "" },
      { name: "target.tar.gz_2", kind: "KIND_CPU", count: 1, gpus: [], secondary_devices: [], profile: [], passive: false, host_policy: "" },
    ]);
  });
});
