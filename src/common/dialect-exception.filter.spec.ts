import type { ArgumentsHost } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ClassifiedError,
  DialectErrorRegistry,
  DialectErrorRenderer,
  DialectRequestError,
} from './dialect-error-renderer';
import { DialectExceptionFilter } from './dialect-exception.filter';

class AlphaRequestError extends DialectRequestError {}
class BetaRequestError extends DialectRequestError {}

/** Records what it was asked to render. */
class RecordingRenderer<E extends DialectRequestError> implements DialectErrorRenderer<E> {
  readonly rendered: ClassifiedError<E>[] = [];

  constructor(
    readonly pathPrefixes: readonly string[],
    readonly requestErrors: abstract new (...args: never[]) => E,
  ) {}

  render(error: ClassifiedError<E>): void {
    this.rendered.push(error);
  }
}

function hostFor(path: string): ArgumentsHost {
  const req = { id: 'req-1', path } as unknown as Request;
  const res = { headersSent: false } as unknown as Response;
  return {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ArgumentsHost;
}

describe('DialectExceptionFilter', () => {
  const registry = new DialectErrorRegistry();
  const alpha = new RecordingRenderer(['/alpha'], AlphaRequestError);
  const beta = new RecordingRenderer(['/beta'], BetaRequestError);
  registry.register(alpha);
  registry.register(beta);
  const filter = new DialectExceptionFilter(registry);
  // The filter logs unexpected errors; keep the test output clean.
  jest.spyOn(filter['logger'], 'error').mockImplementation(() => undefined);

  it("hands a dialect's request error to that dialect's renderer", () => {
    const error = new AlphaRequestError('bad parameter');
    filter.catch(error, hostFor('/alpha/x'));
    expect(alpha.rendered.at(-1)).toEqual({ kind: 'dialect', error });
  });

  it("treats a request error under another dialect's path as an internal error", () => {
    filter.catch(new AlphaRequestError('bad parameter'), hostFor('/beta/x'));
    expect(beta.rendered.at(-1)).toEqual({ kind: 'internal', requestId: 'req-1' });
  });
});
