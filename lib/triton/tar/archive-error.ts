import type { PackageErrorCode } from "../package-report";

/** A reason to stop reading an archive, with the report code it maps to and the entry at fault. */
export class ArchiveError extends Error {
  constructor(
    readonly code: PackageErrorCode,
    message: string,
    readonly entry?: string,
  ) {
    super(message);
    this.name = "ArchiveError";
  }
}
