import "server-only";

/**
 * Endpoint configs are immutable on SageMaker, so every change of an endpoint made here creates a
 * new config named `<endpoint>-<UTC yyyymmddhhmmss>`; delete finds the console's own by that pattern.
 */
export function newConfigName(endpointName: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `${endpointName.slice(0, 63 - stamp.length - 1)}-${stamp}`;
}

export function isConsoleConfigName(endpointName: string, configName: string): boolean {
  const base = endpointName.slice(0, 63 - 15);
  return configName.length === base.length + 15 && configName.startsWith(`${base}-`) && /^\d{14}$/.test(configName.slice(base.length + 1));
}
