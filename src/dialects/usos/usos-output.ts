import type { Response } from 'express';
import { UsosErrorBody, UsosError } from './usos-errors';
import { UsosParams } from './usos-params';
import { toXmlmap2 } from './usos-xmlmap2';

export type UsosOutput =
  { format: 'json' } | { format: 'jsonp'; callback: string } | { format: 'xmlmap2' };

const CALLBACK = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `format` and `callback`, checked before a method runs (a write must not happen first). */
export function parseOutputFormat(params: UsosParams): UsosOutput {
  const format = params.optional('format') ?? 'json';
  switch (format) {
    case 'json':
    case 'xmlmap2':
      return { format };
    case 'jsonp': {
      const callback = params.required('callback');
      if (!CALLBACK.test(callback)) {
        throw UsosError.paramInvalid(
          'callback',
          'Parameter callback must be a JavaScript identifier ([A-Za-z_][A-Za-z0-9_]*).',
        );
      }
      return { format, callback };
    }
    default:
      throw UsosError.paramInvalid(
        'format',
        'Parameter format must be one of: json, jsonp, xmlmap2.',
      );
  }
}

/** USOS: "CORS requests are allowed" — on every answer, errors included. */
export function allowCors(res: Response): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
}

export function sendUsosResult(res: Response, output: UsosOutput, value: unknown): void {
  allowCors(res);
  res.status(200);
  if (output.format === 'xmlmap2') {
    res.type('text/xml; charset=utf-8').send(toXmlmap2(value));
    return;
  }
  const json = JSON.stringify(value);
  if (output.format === 'jsonp') {
    // U+2028/2029 are valid in JSON but end a line in older JavaScript engines.
    const script = json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
    res.type('application/javascript; charset=utf-8').send(`${output.callback}(${script});`);
    return;
  }
  res.type('application/json; charset=utf-8').send(json);
}

/** Errors are always JSON, whatever `format` was asked (USOS errors page). */
export function sendUsosError(res: Response, status: number, body: UsosErrorBody): void {
  allowCors(res);
  if (status === 401) res.setHeader('WWW-Authenticate', 'OAuth realm="Groupbridge USOS API"');
  res.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}
