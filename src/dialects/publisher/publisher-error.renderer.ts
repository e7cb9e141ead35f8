import { ArgumentsHost, Catch, ExceptionFilter, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError } from '../../domain/domain-error';
import { ClassifiedError, DialectErrorRenderer } from '../../common/dialect-error-renderer';
import {
  PUBLISHER_ERRORS,
  PublisherError,
  PublisherErrorSpec,
  publisherErrorSpec,
  publisherKeyForDomain,
  publisherKeyForHttp,
} from './publisher-errors';
import { publisherBaseUrl, sendPublisherDocument } from './publisher-negotiation';
import { PublisherDocument } from './publisher-objects';

function domainSpec(error: DomainError): PublisherErrorSpec {
  const key = publisherKeyForDomain(error);
  // The domain says why a name is refused (empty, too long); other messages use its vocabulary.
  const reason = key === 'invalidName' ? error.message : undefined;
  return publisherErrorSpec(key, { param: error.details.param, reason });
}

/** `{"error": {summary, ref, link}}` / `<error>…</error>`, in the format the client accepts. */
@Injectable()
export class PublisherErrorRenderer implements DialectErrorRenderer {
  readonly pathPrefixes = ['/api/2/'];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  render(error: ClassifiedError, req: Request, res: Response): void {
    if (error.kind === 'domain') return this.send(domainSpec(error.error), req, res);
    if (error.kind === 'internal') return this.send(PUBLISHER_ERRORS.internalError, req, res);
    // Other 4xx keep their own status under the generic ref.
    const spec = PUBLISHER_ERRORS[publisherKeyForHttp(error.status)];
    this.send({ ...spec, status: error.status }, req, res);
  }

  send(spec: PublisherErrorSpec, req: Request, res: Response): void {
    const requestId = encodeURIComponent(String(req.id));
    const body = {
      summary: spec.summary,
      ref: spec.ref,
      link: `${publisherBaseUrl(req, this.config)}/api/2/error/${requestId}`,
    };
    if (spec.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="Publisher"');
    const doc = new PublisherDocument({ error: body }, () => ({ error: body }));
    sendPublisherDocument(req, res, spec.status, doc);
  }
}

/**
 * The dialect's own parse errors (bad query parameter, unreadable body) are raised inside the
 * handlers; the global filter would not know them, so this controller-scoped filter renders them.
 */
@Catch(PublisherError)
@Injectable()
export class PublisherErrorFilter implements ExceptionFilter<PublisherError> {
  constructor(private readonly renderer: PublisherErrorRenderer) {}

  catch(error: PublisherError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.renderer.send(
      publisherErrorSpec(error.key, error.detail),
      http.getRequest<Request>(),
      http.getResponse<Response>(),
    );
  }
}
