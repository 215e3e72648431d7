import { escapeXml } from "../../../http/xml-error";

const S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

/** Rendered XML: child elements are strings this module produced, never raw user text. */
export type Xml = { readonly xml: string };

/**
 * One element. Scalar content is escaped text; an array is child elements (undefined entries,
 * for optional members, are skipped). S3 writes empty optional members out, so an empty string
 * renders `<Name></Name>`.
 */
export function el(name: string, content: string | number | boolean | readonly (Xml | undefined)[]): Xml {
  if (Array.isArray(content)) return { xml: `<${name}>${content.map((c) => c?.xml ?? "").join("")}</${name}>` };
  return { xml: `<${name}>${escapeXml(String(content))}</${name}>` };
}

/** An element only when its value is present. */
export const opt = (name: string, value: string | number | boolean | undefined): Xml | undefined =>
  value === undefined ? undefined : el(name, value);

export function xmlDocument(root: string, children: readonly (Xml | undefined)[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NAMESPACE}">${children.map((c) => c?.xml ?? "").join("")}</${root}>`;
}
