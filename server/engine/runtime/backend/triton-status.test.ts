import { describe, expect, it } from "vitest";
import { tritonFailureStatus } from "./triton-status";

describe("tritonFailureStatus", () => {
  it.each([
    ["CUDA out of memory. Tried to allocate 2.00 GiB", 507],
    ["RuntimeError: [enforce fail at alloc_cpu.cpp] DefaultCPUAllocator: can't allocate memory: you tried to allocate 1 bytes. Error code 12 (Cannot allocate memory): MemoryError", 507],
    ["write failed: No space left on device", 507],
    ["unexpected shape for input 'x'", 400],
    ["the model refused this request", 400],
  ])("%s -> %d", (message, status) => {
    expect(tritonFailureStatus(message)).toBe(status);
  });
});
