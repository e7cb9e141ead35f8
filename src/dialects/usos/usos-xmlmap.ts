import { escapeAttribute, escapeText } from './usos-xmlmap2';

/**
 * USOS's deprecated `format=xmlmap` (and `xmlitems`, whose shape USOS never published: the same
 * document). The shape is OKAPI's xmlmap, from which USOS's formats descend: `<dict>` of
 * `<item key="…">`, `<list>` of `<item>`, `<string>`, `<int>`, `<float>`, `<null/>`. Booleans
 * come out as integers (`<int>1</int>`), the inconsistency the USOS datatypes page warns of.
 * No declaration.
 */
export function toXmlmap(value: unknown): string {
  if (value === null || value === undefined) return '<null/>';
  if (typeof value === 'string') return `<string>${escapeText(value)}</string>`;
  if (typeof value === 'boolean') return `<int>${value ? 1 : 0}</int>`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '<null/>';
    return Number.isInteger(value) ? `<int>${value}</int>` : `<float>${value}</float>`;
  }
  if (Array.isArray(value)) {
    return `<list>${value.map((v) => `<item>${toXmlmap(v)}</item>`).join('')}</list>`;
  }
  const items = Object.entries(value as Record<string, unknown>)
    .map(([key, v]) => `<item key="${escapeAttribute(key)}">${toXmlmap(v)}</item>`)
    .join('');
  return `<dict>${items}</dict>`;
}
