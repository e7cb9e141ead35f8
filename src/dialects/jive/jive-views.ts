import type { Response } from 'express';
import { isoTimestamp } from '../../common/iso-timestamp';
import { GroupView, PropertyView, UserView } from '../../domain/views';

/** The namespace of every Jive web-service response wrapper (spec A3). */
export const JIVE_NS = 'http://jivesoftware.com/clearspace/webservices';
/** CXF's XML binding namespace, used by its fault writer. */
export const CXF_XML_BINDING_NS = 'http://cxf.apache.org/bindings/xformat';
export const JIVE_CONTENT_TYPE = 'text/xml;charset=UTF-8';
/** Jive's object-type code for user groups (JiveConstants.GROUP) [uncertain, spec A2]. */
export const GROUP_OBJECT_TYPE = 4;

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** A character XML 1.0 cannot carry at all, not even escaped (the `Char` production). */
export const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const EVERY_NOT_XML_CHAR = new RegExp(NOT_XML_CHAR.source, 'gu');
/** Any character escapeXml changes: one test lets the common clean value skip four replaces. */
const NEEDS_ESCAPING = new RegExp(`[&<>]|${NOT_XML_CHAR.source}`, 'u');

/** Escapes text content. Every value written into a Jive document goes through here. */
export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPING.test(text)) return text;
  return (
    text
      // Replaced rather than refused, so a value stored through another dialect stays readable.
      .replace(EVERY_NOT_XML_CHAR, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
  );
}

/**
 * `<name>value</name>`, or nothing when the value is null (JAXB omits nulls). Numbers and
 * booleans print without markup or non-XML characters: only strings are escaped.
 */
function element(name: string, value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? escapeXml(value) : String(value);
  return `<${name}>${text}</${name}>`;
}

/** xs:dateTime as Jive clients parse it: `2010-03-01T10:00:00.000+00:00`. */
export function jiveDate(epochMs: number): string {
  // An ISO timestamp always ends in `Z`.
  return `${isoTimestamp(epochMs).slice(0, -1)}+00:00`;
}

/** One `<return>` item's content: already escaped XML. */
export type JiveReturn = string & { readonly __jiveReturn: unique symbol };

/** Group in template order: ID, objectType, creationDate, description, memberCount, modificationDate, name. */
export function groupReturn(group: GroupView): JiveReturn {
  return [
    element('ID', group.id),
    element('objectType', GROUP_OBJECT_TYPE),
    element('creationDate', jiveDate(group.createdAt)),
    element('description', group.description),
    element('memberCount', group.memberCount),
    element('modificationDate', jiveDate(group.updatedAt)),
    element('name', group.name),
  ].join('') as JiveReturn;
}

/** User in template order (alphabetical, as JAXB generated it), never the password. */
export function userReturn(user: UserView): JiveReturn {
  const fullName = `${user.firstName} ${user.lastName}`.trim();
  // Concatenated, not joined from an array: this runs for every member of a large group.
  return (element('creationDate', jiveDate(user.createdAt)) +
    element('email', user.email) +
    element('emailVisible', true) +
    element('enabled', user.active) +
    element('firstName', user.firstName || null) +
    element('ID', user.id) +
    element('lastName', user.lastName || null) +
    element('modificationDate', jiveDate(user.updatedAt)) +
    element('name', fullName || null) +
    element('nameVisible', true) +
    element('username', user.username)) as JiveReturn;
}

export function propertyReturn(property: PropertyView): JiveReturn {
  return (element('name', property.name) + element('value', property.value)) as JiveReturn;
}

export function scalarReturn(value: string | number | boolean): JiveReturn {
  return escapeXml(String(value)) as JiveReturn;
}

/**
 * `<ns2:{op}Response xmlns:ns2="…">` with one unqualified `<return>` per item; an empty wrapper for
 * void operations and empty lists. The `ns2` prefix matters: some clients use prefixed XPaths.
 */
export function jiveResponse(operation: string, items: readonly JiveReturn[] = []): string {
  const root = `ns2:${operation}Response`;
  const open = `${DECLARATION}<${root} xmlns:ns2="${JIVE_NS}"`;
  if (items.length === 0) return `${open}/>`;
  let body = `${open}>`;
  for (const item of items) body += `<return>${item}</return>`;
  return `${body}</${root}>`;
}

/** CXF's XMLFault, exactly as XMLFaultOutInterceptor writes it (spec "Errors (faults)"). */
export function jiveFault(faultString: string): string {
  return (
    `<ns1:XMLFault xmlns:ns1="${CXF_XML_BINDING_NS}">` +
    `<ns1:faultstring xmlns:ns1="${CXF_XML_BINDING_NS}">${escapeXml(faultString)}</ns1:faultstring>` +
    `</ns1:XMLFault>`
  );
}

/**
 * Sends a Buffer so express keeps the Content-Type as written: for a string body `res.send`
 * rewrites it to `text/xml; charset=utf-8`.
 */
export function sendJiveXml(res: Response, status: number, xml: string): void {
  res.status(status).setHeader('Content-Type', JIVE_CONTENT_TYPE);
  res.send(Buffer.from(xml, 'utf8'));
}
