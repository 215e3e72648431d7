import { AwsError } from "../../aws-error";
import { CborDecodeError, decodeCbor, type CborValue } from "../../protocol/cbor-decode";
import type { Shape } from "../../protocol/shape";

/**
 * Turns a Smithy RPC v2 CBOR body into the input awsJson carries, so one validator and one
 * backend serve every protocol. The only difference past decoding is timestamps: tag 1 arrives
 * as a Date, and becomes the epoch seconds awsJson sends where the shape has a timestamp; a Date
 * anywhere else (or a byte string, which no CloudWatch input has) is left for the validator to
 * refuse as the wrong type. An empty body is an empty input, as for an input with no members.
 */
export function parseCborInput(shape: Shape, body: Buffer): unknown {
  if (body.byteLength === 0) return {};
  let decoded: CborValue;
  try {
    decoded = decodeCbor(body);
  } catch (err) {
    if (!(err instanceof CborDecodeError)) throw err;
    throw new AwsError("SerializationException", `The request body is not valid CBOR: ${err.message}.`, 400);
  }
  return epochSecondsAtTimestamps(shape, decoded);
}

function epochSecondsAtTimestamps(shape: Shape, value: CborValue): unknown {
  switch (shape.type) {
    case "timestamp":
      return value instanceof Date ? value.getTime() / 1000 : value;
    case "list":
      return Array.isArray(value) ? value.map((item) => epochSecondsAtTimestamps(shape.member, item)) : value;
    case "map":
      return isMap(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, epochSecondsAtTimestamps(shape.value, v)])) : value;
    case "structure": {
      if (!isMap(value)) return value;
      // Only declared members are kept, as the validator would: nothing else is walked.
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members)) {
        if (Object.hasOwn(value, name)) out[name] = epochSecondsAtTimestamps(member.shape, value[name]!);
      }
      return out;
    }
    default:
      return value;
  }
}

function isMap(value: CborValue): value is Record<string, CborValue> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array);
}
