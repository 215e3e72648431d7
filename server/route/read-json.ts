import "server-only";
import type { NextRequest } from "next/server";
import { ApiError } from "@/server/route/api-error";

/** Largest JSON body any console route accepts; uploads go straight to S3, never through here. */
const MAX_JSON_BYTES = 64 * 1024;

/** Reads a JSON body with a size cap (64 KiB unless the route says more); an empty body is `{}`, bad JSON the caller's error. */
export async function readJson(req: NextRequest, maxBytes: number = MAX_JSON_BYTES): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new ApiError("payload_too_large", `Request body over ${maxBytes} bytes`);
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) throw new ApiError("payload_too_large", `Request body over ${maxBytes} bytes`);
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "Request body is not valid JSON");
  }
}
