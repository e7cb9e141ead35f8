import { parse as parseMediaType } from 'content-type';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { decode, encodingExists } from 'iconv-lite';

export class XmlRejectedError extends Error {}

export interface XmlParseOptions {
  /** Element paths (e.g. 'group.users.user') that are always arrays, even with one element. */
  arrayPaths?: readonly string[];
  /** Strip namespace prefixes from element names (`ns2:op` → `op`). */
  removeNamespacePrefixes?: boolean;
}

/** `<?xml version="1.0" encoding="…"?>`: the declaration is ASCII in every encoding we decode. */
const ENCODING_DECLARATION = /^<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/;

/** The `charset` parameter of a Content-Type, if it has one and parses. */
function declaredCharset(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  try {
    return parseMediaType(contentType).parameters.charset;
  } catch {
    return undefined;
  }
}

/**
 * An XML body's bytes as text (XML bodies are read raw, not by body-parser's text parser, which
 * knows only the Content-Type's charset). The encoding is the Content-Type's `charset` when
 * given (RFC 7303 §3.2: it overrides the document), else a byte-order mark, else the XML
 * declaration's `encoding`, else UTF-8. An encoding we cannot decode is refused, never guessed.
 */
export function decodeXmlBody(body: unknown, contentType: string | undefined): string {
  if (typeof body === 'string') return body;
  if (!Buffer.isBuffer(body)) return '';
  const encoding = declaredCharset(contentType) ?? byteOrderMark(body) ?? declaredEncoding(body);
  if (encoding === undefined) return decode(body, 'utf-8');
  if (!encodingExists(encoding)) {
    throw new XmlRejectedError(`Unsupported encoding "${encoding}"`);
  }
  return decode(body, encoding);
}

function byteOrderMark(body: Buffer): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function declaredEncoding(body: Buffer): string | undefined {
  return ENCODING_DECLARATION.exec(body.toString('latin1', 0, 200))?.[1];
}

/**
 * Parses an XML request body. A `<!DOCTYPE` is refused before parsing: fast-xml-parser would
 * expand internal entities (docs/architecture.md, "XML"). The predefined entities (`&amp;` …) and
 * character references still decode. Values stay strings (`parseTagValue: false`) so dialects validate ids themselves.
 * Text reaches the dialect as written (XML 1.0 §2.10): not trimmed, CDATA sections joined with
 * the text around them; only whitespace between elements (indentation) is dropped.
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
    trimValues: false,
    tagValueProcessor: (_name, value, _jpath, _hasAttributes, isLeafNode) =>
      isLeafNode || value.trim() !== '' ? value : '',
    ignoreDeclaration: true,
    ignorePiTags: true,
    // XML requires character references (`&#233;`, `&#x41;`) to decode; this option also
    // decodes HTML's named entities (`&nbsp;`), which strict XML would refuse: lenient, harmless.
    htmlEntities: true,
    removeNSPrefix: options.removeNamespacePrefixes ?? false,
    isArray: (_name, jpath) => arrays.has(String(jpath)),
  });
  try {
    return parser.parse(body) as Record<string, unknown>;
  } catch (error) {
    // The parser's own limits and guards (nesting depth over maxNestedTags, element names such
    // as __proto__ or constructor) are the client's fault, not the server's.
    throw new XmlRejectedError((error as Error).message);
  }
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
