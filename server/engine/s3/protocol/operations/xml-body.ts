import { malformedXml } from "../s3-request-errors";
import { parseXml, type XmlElement } from "../xml/parse-xml";

/** A request document with the root element the operation expects, or MalformedXML. */
export function parseXmlBody(body: Buffer, root: string): XmlElement {
  let element: XmlElement;
  try {
    element = parseXml(body.toString("utf8"));
  } catch {
    throw malformedXml();
  }
  if (element.name !== root) throw malformedXml();
  return element;
}
