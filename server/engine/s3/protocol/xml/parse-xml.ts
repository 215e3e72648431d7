/**
 * A small, strict XML reader for S3's request documents (Delete, CompleteMultipartUpload,
 * CORSConfiguration, CreateBucketConfiguration): elements, text, entities, CDATA; attributes,
 * comments and declarations are skipped. Anything malformed throws, and the wire layer answers
 * MalformedXML. Element names lose any namespace prefix.
 */
export type XmlElement = { name: string; children: XmlElement[]; text: string };

export class XmlSyntaxError extends Error {}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new XmlSyntaxError(`${why} at offset ${i}`);
  };
  const skipMisc = () => {
    for (;;) {
      while (i < source.length && /\s/.test(source[i]!)) i++;
      if (source.startsWith("<?", i)) i = end("?>");
      else if (source.startsWith("<!--", i)) i = end("-->");
      else if (source.startsWith("<!DOCTYPE", i)) fail("DTDs are not accepted");
      else return;
    }
  };
  const end = (marker: string) => {
    const at = source.indexOf(marker, i);
    if (at === -1) fail(`unterminated ${marker}`);
    return at + marker.length;
  };
  const decode = (raw: string) =>
    raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (whole, ref: string | undefined) => {
      if (ref === undefined) return fail("bare '&'");
      if (ref.startsWith("#x")) return String.fromCodePoint(parseInt(ref.slice(2), 16));
      if (ref.startsWith("#")) return String.fromCodePoint(parseInt(ref.slice(1), 10));
      return ENTITIES[ref] ?? fail(`unknown entity ${whole}`);
    });

  const element = (): XmlElement => {
    const open = /^<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(source.slice(i, i + 4096));
    if (!open) return fail("expected an element");
    i += open[0].length;
    const qualified = open[1]!;
    const node: XmlElement = { name: qualified.slice(qualified.indexOf(":") + 1), children: [], text: "" };
    if (open[3] === "/") return node;
    for (;;) {
      if (i >= source.length) fail(`unclosed <${qualified}>`);
      if (source.startsWith("</", i)) {
        const close = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(source.slice(i, i + 512));
        if (!close || close[1] !== qualified) fail(`mismatched closing tag for <${qualified}>`);
        i += close![0].length;
        return node;
      }
      if (source.startsWith("<![CDATA[", i)) {
        const stop = source.indexOf("]]>", i);
        if (stop === -1) fail("unterminated CDATA");
        node.text += source.slice(i + 9, stop);
        i = stop + 3;
      } else if (source.startsWith("<!--", i)) {
        i = end("-->");
      } else if (source[i] === "<") {
        node.children.push(element());
      } else {
        const next = source.indexOf("<", i);
        const stop = next === -1 ? source.length : next;
        node.text += decode(source.slice(i, stop));
        i = stop;
      }
    }
  };

  skipMisc();
  const root = element();
  skipMisc();
  if (i !== source.length) fail("content after the root element");
  return root;
}

export const childrenNamed = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);
export const childNamed = (el: XmlElement, name: string) => el.children.find((c) => c.name === name);
/** The text of a child element, trimmed, or undefined when absent. */
export const childText = (el: XmlElement, name: string) => childNamed(el, name)?.text.trim();
