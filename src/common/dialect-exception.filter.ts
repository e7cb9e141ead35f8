import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LoginThrottledError } from '../auth/login-throttled.error';
import {
  AnyDialectErrorRenderer,
  classifyError,
  DialectErrorRegistry,
  DialectRequestError,
} from './dialect-error-renderer';
import { NativeErrorRenderer } from './native-error.renderer';

/**
 * The single global filter (docs/architecture.md, "Errors"): controller-scoped filters never see body-parser
 * errors or unknown routes, so every failure comes here and is rendered by the dialect that owns
 * the path. Unexpected errors are logged once with the request id and never expose a stack.
 */
function isOwnedBy(renderer: AnyDialectErrorRenderer, error: DialectRequestError): boolean {
  return renderer.requestErrors !== undefined && error instanceof renderer.requestErrors;
}

@Catch()
export class DialectExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('DialectExceptionFilter');
  private readonly fallback: AnyDialectErrorRenderer = new NativeErrorRenderer();

  constructor(private readonly registry: DialectErrorRegistry) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const requestId = String(req.id);
    const renderer = this.registry.rendererFor(req.path) ?? this.fallback;
    let classified = classifyError(exception, requestId);
    // A dialect's request error under another dialect's path is a bug, not a client error.
    if (classified.kind === 'dialect' && !isOwnedBy(renderer, classified.error)) {
      classified = { kind: 'internal', requestId };
    }
    if (classified.kind === 'internal') {
      this.logger.error({ err: exception, reqId: requestId }, 'Unexpected error');
    }
    if (res.headersSent) return;
    if (exception instanceof LoginThrottledError) {
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    renderer.render(classified, req, res);
  }
}
