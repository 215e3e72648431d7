/**
 * What loading a TorchScript file will take, reserved before the load. A `model.pt` is a zip that
 * stores its tensors uncompressed, so the file is the weights plus code: on the CPU the module's
 * tensors (what the worker then measures) never exceed it. On a GPU the caching allocator rounds
 * every tensor up to 512 bytes; the fixed margin covers that for models with thousands of small
 * tensors. The worker's measurement replaces this once loaded.
 */
export const GPU_LOAD_MARGIN_BYTES = 1024 * 1024;

export function estimateTorchMemoryBytes(fileBytes: number, onGpu: boolean): number {
  return fileBytes + (onGpu ? GPU_LOAD_MARGIN_BYTES : 0);
}
