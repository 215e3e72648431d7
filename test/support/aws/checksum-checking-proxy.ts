import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";

/**
 * An S3-compatible store's strictness in front of another S3 (moto): a request that names a CRC32
 * (`x-amz-checksum-crc32`, in the query as presigned URLs carry it, or as a header) must carry a
 * body with that CRC32, else 400 BadDigest, as MinIO answers; everything else is forwarded as is.
 * moto itself ignores a checksum in the query, so alone it cannot show a bad presigned URL.
 */
export type ChecksumCheckingProxy = { url: string; refused: string[]; close(): Promise<void> };

export async function startChecksumCheckingProxy(upstream: string): Promise<ChecksumCheckingProxy> {
  const target = new URL(upstream);
  const refused: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", "http://proxy");
      const claimed = url.searchParams.get("x-amz-checksum-crc32") ?? (req.headers["x-amz-checksum-crc32"] as string | undefined);
      if (claimed !== undefined) {
        const actual = Buffer.alloc(4);
        actual.writeUInt32BE(zlib.crc32(body) >>> 0);
        if (actual.toString("base64") !== claimed) {
          refused.push(`${req.method} ${url.pathname}`);
          res.writeHead(400, { "content-type": "application/xml" });
          res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>BadDigest</Code><Message>The CRC32 you specified did not match the calculated checksum.</Message></Error>`);
          return;
        }
      }
      const headers = { ...req.headers, "content-length": String(body.length) };
      delete headers["transfer-encoding"];
      const forward = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on("error", (e) => {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(String(e));
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
