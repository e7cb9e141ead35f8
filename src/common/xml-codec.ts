import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

export class XmlRejectedError extends Error {}

export interface XmlParseOptions {
  /** Element paths (e.g. 'group.users.user') that are always arrays, even with one element. */
  arrayPaths?: readonly string[];
  /** Strip namespace prefixes from element names (`ns2:op` → `op`). */
  removeNamespacePrefixes?: boolean;
}

/**
 * Parses an XML request body. A `<!DOCTYPE` is refused before parsing: fast-xml-parser would
 * expand internal entities (docs/architecture.md, "XML"). The predefined entities (`&amp;` …) and
 * character references still decode. Values stay strings (`parseTagValue: false`) so dialects validate ids themselves.
 */
export function parseXml(body: string, options: XmlParseOptions = {}): Record<string, unknown> {
  if (/<!DOCTYPE/i.test(body)) throw new XmlRejectedError('DOCTYPE declarations are not allowed');
  const valid = XMLValidator.validate(body);
  if (valid !== true)
    throw new XmlRejectedError(`Malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const arrays = new Set(options.arrayPaths ?? []);
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // XML requires character references (`&#233;`, `&#x41;`) to decode; this option also
    // decodes HTML's named entities (`&nbsp;`), which strict XML would refuse: lenient, harmless.
    htmlEntities: true,
    removeNSPrefix: options.removeNamespacePrefixes ?? false,
    isArray: (_name, jpath) => arrays.has(String(jpath)),
  });
  return parser.parse(body) as Record<string, unknown>;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  processEntities: true,
});

/** Serialises a tree; text and attribute values are escaped by the builder. */
export function buildXml(tree: Record<string, unknown>, declaration = true): string {
  const xml = builder.build(tree) as string;
  return declaration ? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${xml}` : xml;
}
