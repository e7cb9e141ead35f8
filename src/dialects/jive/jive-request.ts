import { parseXml } from '../../common/xml-codec';
import { DomainError, DomainEntity } from '../../domain/domain-error';
import { ILLEGAL_ARGUMENT, JiveRequestError, NUMBER_FORMAT, UNMARSHAL } from './jive-errors';
import { NOT_XML_CHAR } from './jive-views';

/** The children of an operation's argument element, by (unqualified) name. */
export type JiveArguments = Record<string, unknown>;

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
/** Ids are INTEGER columns on both engines: a larger xs:long cannot name a row. */
const MAX_ROW_ID = 2_147_483_647;

function unmarshal(message: string, param?: string): JiveRequestError {
  return new JiveRequestError(UNMARSHAL, message, param);
}

/** Java's `Long.parseLong` / `Integer.parseInt` message for a string that is not a number. */
function numberFormat(raw: string, param: string): JiveRequestError {
  return new JiveRequestError(NUMBER_FORMAT, `For input string: "${raw}"`, param);
}

function asObject(value: unknown): JiveArguments | undefined {
  if (value === '') return {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as JiveArguments;
  }
  return undefined;
}

/**
 * Parses a POST/PUT body (a string, whatever the Content-Type): the root element's local name
 * must be the operation, in any namespace or none; children are unqualified.
 */
export function parseArguments(body: unknown, operation: string): JiveArguments {
  const xml = typeof body === 'string' ? body : '';
  // fast-xml-parser lets these through; Xerces refuses them, and PostgreSQL cannot store U+0000.
  const invalid = NOT_XML_CHAR.exec(xml);
  if (invalid) {
    throw unmarshal(
      `An invalid XML character (Unicode: 0x${invalid[0].codePointAt(0)!.toString(16)}) was found in the document.`,
    );
  }
  let document: Record<string, unknown>;
  try {
    document = parseXml(xml, { removeNamespacePrefixes: true });
  } catch (error) {
    // Whatever the parser refuses (syntax, a DOCTYPE, an element named `constructor`) is bad input.
    throw unmarshal(error instanceof Error ? error.message : String(error));
  }
  const roots = Object.keys(document);
  if (roots.length > 1 || Array.isArray(document[roots[0]])) {
    // Xerces' wording for a second root element.
    throw unmarshal('The markup in the document following the root element must be well-formed.');
  }
  if (roots[0] !== operation) {
    throw unmarshal(
      `unexpected element (local:"${roots.join(', ')}"). Expected element is <${operation}>`,
    );
  }
  const args = asObject(document[operation]);
  if (!args) throw unmarshal(`<${operation}> must contain argument elements`);
  return args;
}

/** A child element's text; undefined when absent. Repeated or nested elements are refused. */
export function optionalText(args: JiveArguments, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || typeof value === 'string') return value;
  throw unmarshal(`<${name}> must appear once and contain text only`, name);
}

export function requiredText(args: JiveArguments, name: string): string {
  const value = optionalText(args, name);
  if (value === undefined) throw unmarshal(`Missing element <${name}>`, name);
  return value;
}

/**
 * A child element of a schema type that collapses whitespace (xs:long, xs:int, xs:boolean; XML
 * Schema 2 §4.3.6), as JAXB reads it: `<ID> 5 </ID>` is 5. Strings (names) keep theirs.
 */
export function optionalToken(args: JiveArguments, name: string): string | undefined {
  return optionalText(args, name)?.trim();
}

export function requiredToken(args: JiveArguments, name: string): string {
  return requiredText(args, name).trim();
}

/** A child element holding an object (e.g. updateGroup's `<group>`). */
export function requiredObject(args: JiveArguments, name: string): JiveArguments {
  if (args[name] === undefined) throw unmarshal(`Missing element <${name}>`, name);
  const value = asObject(args[name]);
  if (!value) throw unmarshal(`<${name}> must appear once and contain elements`, name);
  return value;
}

function parseInteger(raw: string, param: string, min: bigint, max: bigint): bigint {
  if (!/^[+-]?\d+$/.test(raw)) throw numberFormat(raw, param);
  const value = BigInt(raw);
  if (value < min || value > max) throw numberFormat(raw, param);
  return value;
}

/**
 * An xs:long id of a group or user. A well-formed id that cannot exist (≤ 0 or beyond the id
 * column) is simply not found, without asking the database.
 */
export function parseId(raw: string, param: string, entity: DomainEntity): number {
  const value = parseInteger(raw, param, LONG_MIN, LONG_MAX);
  if (value < 1n || value > BigInt(MAX_ROW_ID)) {
    throw DomainError.notFound(entity, value.toString(), param);
  }
  return Number(value);
}

/** An xs:int that must not be negative (paging arguments). */
export function parseCount(raw: string, param: string): number {
  const value = Number(parseInteger(raw, param, INT_MIN, INT_MAX));
  if (value < 0) {
    throw new JiveRequestError(ILLEGAL_ARGUMENT, `${param} must not be negative`, param);
  }
  return value;
}

/** xs:boolean (`true`, `false`, `1`, `0`); absent or empty is false, as JAXB reads it. */
export function parseXsBoolean(raw: string | undefined, param: string): boolean {
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new JiveRequestError(
    ILLEGAL_ARGUMENT,
    `${param} must be true, false, 1 or 0 (got "${raw}")`,
    param,
  );
}

/**
 * A string argument taken from the path. Jive strings are XML strings, so a character XML cannot
 * carry (e.g. `%00`) names nothing; PostgreSQL could not even compare it.
 */
export function pathText(value: string, param: string): string {
  const invalid = NOT_XML_CHAR.exec(value);
  if (invalid) {
    const codePoint = invalid[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new JiveRequestError(
      ILLEGAL_ARGUMENT,
      `${param} must not contain U+${codePoint}, which XML cannot carry`,
      param,
    );
  }
  return value;
}

/**
 * `getGroupByName`'s segment was encoded with `java.net.URLEncoder` (spec A3): `+` is a space,
 * then `%XX`. Read from the raw path, since express has already turned `%2B` into `+`.
 */
export function decodeFormSegment(raw: string, param: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw new JiveRequestError(ILLEGAL_ARGUMENT, `URLDecoder: Illegal escape in "${raw}"`, param);
  }
  return pathText(decoded, param);
}
