import { request } from 'node:http';

export interface HttpReply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** One request with full control of the headers (fetch forbids setting Host). */
export function httpRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers:
          body !== undefined
            ? {
                'content-type': 'application/json',
                ...headers,
                'content-length': Buffer.byteLength(body),
              }
            : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: timeout`)));
    req.end(body);
  });
}

/** Where two bodies first differ, with some context, for the mismatch report. */
export function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 60);
  return (
    `lengths ${a.length} vs ${b.length}, first difference at ${i}:\n` +
    `      app: …${a.slice(from, i + 60)}…\n` +
    `  baseline: …${b.slice(from, i + 60)}…`
  );
}
