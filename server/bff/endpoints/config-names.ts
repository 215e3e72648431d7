import "server-only";

/** UTC yyyymmddhhmmssSSS: milliseconds, so that a create and an update in one second differ. */
const STAMP_LENGTH = 17;
const BASE_LENGTH = 63 - STAMP_LENGTH - 1;

/**
 * Endpoint configs are immutable on SageMaker, so every change of an endpoint made here creates a
 * new config named `<endpoint>-<UTC stamp>`; delete finds the console's own by that pattern.
 */
export function newConfigName(endpointName: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:TZ.]/g, "");
  return `${consoleConfigPrefix(endpointName)}${stamp}`;
}

/** What every config name of this endpoint starts with: a NameContains filter for listing them. */
export function consoleConfigPrefix(endpointName: string): string {
  return `${endpointName.slice(0, BASE_LENGTH)}-`;
}

export function isConsoleConfigName(endpointName: string, configName: string): boolean {
  const prefix = consoleConfigPrefix(endpointName);
  const stamp = configName.slice(prefix.length);
  return configName.startsWith(prefix) && stamp.length === STAMP_LENGTH && /^\d+$/.test(stamp);
}
