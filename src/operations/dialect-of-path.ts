/** Which API a path belongs to, as log records and metric labels name it. */
export type DialectLabel = 'usos' | 'publisher' | 'jive' | 'civis' | 'admin' | 'operations';

// The same prefixes the dialects' error renderers claim (DialectErrorRegistry).
const PREFIXES: ReadonlyArray<[string, DialectLabel]> = [
  ['/services/', 'usos'],
  ['/api/2/', 'publisher'],
  ['/rpc/rest', 'jive'],
  ['/groups', 'civis'],
  ['/endpoints', 'civis'],
  ['/admin/', 'admin'],
];

export function dialectOf(path: string): DialectLabel {
  for (const [prefix, dialect] of PREFIXES) if (path.startsWith(prefix)) return dialect;
  return 'operations';
}
