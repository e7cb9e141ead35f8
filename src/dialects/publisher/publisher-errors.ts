import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ClassifiedError,
  DialectErrorRenderer,
  DialectRequestError,
} from '../../common/dialect-error-renderer';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError, DomainErrorCode } from '../../domain/domain-error';
import { publisherBaseUrl, sendPublisherDocument } from './publisher-negotiation';
import { PublisherDocument } from './publisher-views';

export interface PublisherErrorSpec {
  status: number;
  ref: number;
  summary: string;
}

/**
 * Every error the Publisher dialect answers, listed once (docs/publisher.md repeats this table).
 * Refs below 900 are HighQ's own ("API Error messages" page); 9xx are Groupbridge's for the
 * situations whose HighQ rows were not recoverable.
 */
export const PUBLISHER_ERRORS = {
  missingParameters: { status: 400, ref: 74, summary: 'Request parameters are missing' },
  invalidSort: { status: 400, ref: 79, summary: 'Invalid parameter: sort' },
  invalidOffset: { status: 400, ref: 106, summary: 'Invalid parameter: offset' },
  invalidLimit: { status: 400, ref: 107, summary: 'Invalid parameter: limit' },
  notAuthorised: { status: 401, ref: 401, summary: 'Not authorised' },
  accessDenied: { status: 403, ref: 123, summary: 'Access denied' },
  organisationNotFound: {
    status: 404,
    ref: 75,
    summary: 'The requested organisation does not exist',
  },
  userNotFound: { status: 404, ref: 108, summary: 'The requested user does not exist' },
  groupNotFound: { status: 404, ref: 901, summary: 'The requested user group does not exist' },
  duplicateName: { status: 409, ref: 902, summary: 'A user group with this name already exists' },
  invalidFields: { status: 400, ref: 903, summary: 'Invalid parameter: fields' },
  invalidCreatedDate: { status: 400, ref: 904, summary: 'Invalid parameter: createddate' },
  invalidModifiedDate: { status: 400, ref: 905, summary: 'Invalid parameter: modifieddate' },
  invalidName: { status: 400, ref: 906, summary: 'Invalid parameter: name' },
  invalidUsers: { status: 400, ref: 907, summary: 'Invalid parameter: users' },
  invalidId: { status: 400, ref: 908, summary: 'Invalid parameter: id' },
  invalidParameter: { status: 400, ref: 909, summary: 'Invalid parameter' },
  readOnly: { status: 403, ref: 910, summary: 'This server is read-only' },
  resourceNotFound: { status: 404, ref: 911, summary: 'The requested resource does not exist' },
  bodyTooLarge: { status: 413, ref: 912, summary: 'Request body is too large' },
  requestRejected: { status: 400, ref: 913, summary: 'Request rejected' },
  internalError: { status: 500, ref: 914, summary: 'Internal error' },
} as const satisfies Record<string, PublisherErrorSpec>;

export type PublisherErrorKey = keyof typeof PUBLISHER_ERRORS;

/** What makes a summary specific: the parameter of a generic `invalidParameter`, or why. */
export interface PublisherErrorDetail {
  param?: string;
  reason?: string;
}

/**
 * The error as rendered: HighQ's summaries name only the parameter, so the generic one gets the
 * parameter's name, and a reason, when there is one, follows in parentheses.
 */
export function publisherErrorSpec(
  key: PublisherErrorKey,
  { param, reason }: PublisherErrorDetail = {},
): PublisherErrorSpec {
  const spec: PublisherErrorSpec = PUBLISHER_ERRORS[key];
  let summary = key === 'invalidParameter' && param ? `${spec.summary}: ${param}` : spec.summary;
  if (reason) summary = `${summary} (${reason})`;
  return { ...spec, summary };
}

/** A dialect-level failure (bad query parameter, unreadable body), rendered by PublisherErrorRenderer. */
export class PublisherError extends DialectRequestError {
  constructor(
    readonly key: PublisherErrorKey,
    readonly detail: PublisherErrorDetail = {},
  ) {
    super(publisherErrorSpec(key, detail).summary);
    this.name = `PublisherError(${key})`;
  }
}

const INVALID_PARAMS: Record<string, PublisherErrorKey> = {
  name: 'invalidName',
  users: 'invalidUsers',
  // The domain's names for the same list, from the user lookups made before a write.
  userIds: 'invalidUsers',
  emails: 'invalidUsers',
  id: 'invalidId',
};

const NOT_FOUND: Partial<Record<string, PublisherErrorKey>> = {
  group: 'groupNotFound',
  user: 'userNotFound',
  organization: 'organisationNotFound',
};

/** Every domain code has a Publisher rendering; a new code does not compile until it gets one. */
const DOMAIN_ERRORS = {
  [DomainErrorCode.NotFound]: (e) => NOT_FOUND[e.details.entity ?? ''] ?? 'resourceNotFound',
  [DomainErrorCode.AlreadyExists]: () => 'duplicateName',
  [DomainErrorCode.InvalidArgument]: (e) =>
    INVALID_PARAMS[e.details.param ?? ''] ?? 'invalidParameter',
  [DomainErrorCode.Forbidden]: () => 'accessDenied',
  // Publisher has no nesting, so a cycle cannot come from its requests; kept for completeness.
  [DomainErrorCode.Cycle]: () => 'invalidParameter',
  [DomainErrorCode.ReadOnly]: () => 'readOnly',
} satisfies Record<DomainErrorCode, (error: DomainError) => PublisherErrorKey>;

export function publisherKeyForDomain(error: DomainError): PublisherErrorKey {
  return DOMAIN_ERRORS[error.code](error);
}

/** Framework errors by status: bad JSON, body too large, unknown route, failed authentication. */
export function publisherKeyForHttp(status: number): PublisherErrorKey {
  switch (status) {
    case 400:
      return 'missingParameters';
    case 401:
      return 'notAuthorised';
    case 403:
      return 'accessDenied';
    case 404:
      return 'resourceNotFound';
    case 413:
      return 'bodyTooLarge';
    default:
      return status >= 500 ? 'internalError' : 'requestRejected';
  }
}

function domainSpec(error: DomainError): PublisherErrorSpec {
  const key = publisherKeyForDomain(error);
  // The domain says why a name is refused (empty, too long); other messages use its vocabulary.
  const reason = key === 'invalidName' ? error.message : undefined;
  return publisherErrorSpec(key, { param: error.details.param, reason });
}

/** `{"error": {summary, ref, link}}` / `<error>…</error>`, in the format the client accepts. */
@Injectable()
export class PublisherErrorRenderer implements DialectErrorRenderer<PublisherError> {
  readonly pathPrefixes = ['/api/2/'];
  readonly requestErrors = PublisherError;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  render(error: ClassifiedError<PublisherError>, req: Request, res: Response): void {
    if (error.kind === 'dialect') {
      return this.send(publisherErrorSpec(error.error.key, error.error.detail), req, res);
    }
    if (error.kind === 'domain') return this.send(domainSpec(error.error), req, res);
    if (error.kind === 'internal') return this.send(PUBLISHER_ERRORS.internalError, req, res);
    // Other 4xx keep their own status under the generic ref.
    const spec = PUBLISHER_ERRORS[publisherKeyForHttp(error.status)];
    this.send({ ...spec, status: error.status }, req, res);
  }

  private send(spec: PublisherErrorSpec, req: Request, res: Response): void {
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
