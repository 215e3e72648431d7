import { createHash, type Hash } from "node:crypto";
import { crc32 } from "node:zlib";
import type { ChecksumAlgorithm } from "../../backend/types";

/**
 * The additional checksums S3 verifies (`x-amz-checksum-<algorithm>`, base64 of the big-endian
 * digest). CRC32 comes from zlib; CRC32C and CRC64NVME have no Node implementation, so they are
 * table-driven here.
 */
export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

export const checksumHeader = (algorithm: ChecksumAlgorithm) => `x-amz-checksum-${algorithm.toLowerCase()}`;

const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

export function isValidChecksumValue(algorithm: ChecksumAlgorithm, value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  return Buffer.from(value, "base64").length === DIGEST_BYTES[algorithm];
}

export interface Checksummer {
  update(data: Uint8Array): void;
  /** The digest, base64 as S3 writes it. */
  digest(): string;
}

export function createChecksummer(algorithm: ChecksumAlgorithm): Checksummer {
  switch (algorithm) {
    case "CRC32": {
      let crc = 0;
      return { update: (d) => void (crc = crc32(d, crc)), digest: () => u32(crc) };
    }
    case "CRC32C": {
      let crc = 0xffffffff;
      return { update: (d) => void (crc = crc32cUpdate(crc, d)), digest: () => u32((crc ^ 0xffffffff) >>> 0) };
    }
    case "CRC64NVME":
      return crc64nvme();
    case "SHA1":
    case "SHA256":
      return hashChecksummer(createHash(algorithm === "SHA1" ? "sha1" : "sha256"));
  }
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b.toString("base64");
};

function hashChecksummer(hash: Hash): Checksummer {
  return { update: (d) => void hash.update(d), digest: () => hash.digest("base64") };
}

/** Reflected CRC-32C (Castagnoli), polynomial 0x82F63B78. */
const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

function crc32cUpdate(crc: number, data: Uint8Array): number {
  let c = crc;
  for (let i = 0; i < data.length; i++) c = CRC32C_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
}

/**
 * Reflected CRC-64/NVME (polynomial 0x9A6C9329AC4BC9B5), kept as two 32-bit halves so the
 * per-byte loop stays on small integers instead of BigInt.
 */
const CRC64_TABLES = (() => {
  const lo = new Uint32Array(256);
  const hi = new Uint32Array(256);
  const poly = 0x9a6c9329ac4bc9b5n;
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i);
    for (let k = 0; k < 8; k++) c = c & 1n ? poly ^ (c >> 1n) : c >> 1n;
    lo[i] = Number(c & 0xffffffffn);
    hi[i] = Number(c >> 32n);
  }
  return { lo, hi };
})();

function crc64nvme(): Checksummer {
  let lo = 0xffffffff;
  let hi = 0xffffffff;
  return {
    update(data) {
      const { lo: tlo, hi: thi } = CRC64_TABLES;
      for (let i = 0; i < data.length; i++) {
        const idx = (lo ^ data[i]!) & 0xff;
        lo = (((lo >>> 8) | (hi << 24)) ^ tlo[idx]!) >>> 0;
        hi = ((hi >>> 8) ^ thi[idx]!) >>> 0;
      }
    },
    digest() {
      const b = Buffer.alloc(8);
      b.writeUInt32BE((hi ^ 0xffffffff) >>> 0, 0);
      b.writeUInt32BE((lo ^ 0xffffffff) >>> 0, 4);
      return b.toString("base64");
    },
  };
}
