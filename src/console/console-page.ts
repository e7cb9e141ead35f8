import {
  ArgumentMetadata,
  CanActivate,
  ExecutionContext,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { adminValidationPipe } from '../admin/admin-validation.pipe';
import { Caller } from '../domain/caller';
import { DomainError, DomainErrorCode } from '../domain/domain-error';
import { WebRequest } from '../web/web-request';
import { WebSession } from '../web/web-session.service';

/** The signed-in user as the domain's caller: the access policy decides the rest. */
export function callerOf(session: WebSession): Caller {
  const user = session.user!;
  return { userId: user.id, systemAdmin: user.systemAdmin };
}

export type FormBody = Record<string, unknown> | undefined;

export function formText(body: FormBody, name: string): string {
  const value = body?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** A query parameter as one string ('' when absent or repeated). */
export function queryText(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** What a redirect after a successful change announces (`?notice=`), by message key. */
export const NOTICES = {
  'group-created': 'console.notice.groupCreated',
  'group-saved': 'console.notice.groupSaved',
  'group-deleted': 'console.notice.groupDeleted',
  'member-added': 'console.notice.memberAdded',
  'member-removed': 'console.notice.memberRemoved',
  'child-added': 'console.notice.childAdded',
  'child-removed': 'console.notice.childRemoved',
  'share-saved': 'console.notice.shareSaved',
  'share-removed': 'console.notice.shareRemoved',
  'emails-saved': 'console.notice.emailsSaved',
  'user-created': 'console.notice.userCreated',
  'user-deactivated': 'console.notice.userDeactivated',
  'user-activated': 'console.notice.userActivated',
  'password-set': 'console.notice.passwordSet',
  'administrator-added': 'console.notice.administratorAdded',
  'administrator-removed': 'console.notice.administratorRemoved',
  'property-saved': 'console.notice.propertySaved',
  'property-removed': 'console.notice.propertyRemoved',
  'token-revoked': 'console.notice.tokenRevoked',
  'tokens-revoked': 'console.notice.tokensRevoked',
  'oauth-token-revoked': 'console.notice.oauthTokenRevoked',
  'consumer-disabled': 'console.notice.consumerDisabled',
  'consumer-enabled': 'console.notice.consumerEnabled',
  'consumer-deleted': 'console.notice.consumerDeleted',
  'organization-created': 'console.notice.organizationCreated',
  'organization-renamed': 'console.notice.organizationRenamed',
  'organization-deleted': 'console.notice.organizationDeleted',
} as const;

export type Notice = keyof typeof NOTICES;

export function noticeKey(value: unknown): (typeof NOTICES)[Notice] | null {
  return typeof value === 'string' && Object.hasOwn(NOTICES, value)
    ? NOTICES[value as Notice]
    : null;
}

/**
 * After SignedInGuard, on the pages for system administrators only (organizations, OAuth
 * consumers): to anyone else they are no page at all, like a group they may not see.
 */
@Injectable()
export class SystemAdminPageGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<WebRequest>();
    if (!req.webSession?.user?.systemAdmin) throw new NotFoundException();
    return true;
  }
}

/** A time as the console shows it: UTC, to the minute ('' for none). */
export function shownTime(value: string | number | null): string {
  return value === null ? '' : new Date(value).toISOString().replace('T', ' ').slice(0, 16);
}

/** A path id: digits only; anything else is no page. */
export function pathId(raw: string): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1 || Number(raw) > 2_147_483_647)
    throw new NotFoundException();
  return Number(raw);
}

/**
 * Reads that name a group or user the caller may not see answer the 404 page, as the APIs
 * answer 404: invisible and missing look the same.
 */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof DomainError && error.code === DomainErrorCode.NotFound)
      throw new NotFoundException();
    throw error;
  }
}

/** A refusal a form shows beside itself: the domain's own message. */
export function formFailure(error: unknown): { message: string; status: number } {
  if (!(error instanceof DomainError)) throw error;
  const status = {
    [DomainErrorCode.NotFound]: 404,
    [DomainErrorCode.AlreadyExists]: 409,
    [DomainErrorCode.InvalidArgument]: 400,
    [DomainErrorCode.Forbidden]: 403,
    [DomainErrorCode.Cycle]: 400,
    [DomainErrorCode.ReadOnly]: 403,
  }[error.code];
  return { message: error.message, status };
}

/** Validates a form as the admin API validates the same body (class-validator DTO). */
export async function validForm<T>(dto: new () => T, value: Record<string, unknown>): Promise<T> {
  return (await adminValidationPipe.transform(value, {
    type: 'body',
    metatype: dto,
  } as ArgumentMetadata)) as T;
}
