// Characters XML 1.0 cannot carry at all; OKAPI's xmlmap2 strips them too.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeText(value: string): string {
  return value
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

/**
 * USOS `format=xmlmap2`: every JSON type becomes an element (`object`, `array`, `string`,
 * `number`, `boolean`, `null`), object members carry their key in `key="…"`. No declaration.
 */
export function toXmlmap2(value: unknown): string {
  return element(value, undefined);
}

function element(value: unknown, key: string | undefined): string {
  const attr = key === undefined ? '' : ` key="${escapeAttribute(key)}"`;
  if (value === null || value === undefined) return `<null${attr}/>`;
  if (typeof value === 'string') return `<string${attr}>${escapeText(value)}</string>`;
  if (typeof value === 'number')
    return Number.isFinite(value) ? `<number${attr}>${value}</number>` : `<null${attr}/>`;
  if (typeof value === 'boolean') return `<boolean${attr}>${value}</boolean>`;
  if (Array.isArray(value))
    return `<array${attr}>${value.map((v) => element(v, undefined)).join('')}</array>`;
  const members = Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => element(v, k))
    .join('');
  return `<object${attr}>${members}</object>`;
}
