import { HttpException, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../domain/domain-error';

/**
 * A request a dialect refuses while parsing it (bad parameter, unreadable body, failed OAuth), in
 * the dialect's own terms. Each dialect subclasses it once; its renderer turns it into the wire
 * error, through the same global filter as every other failure.
 */
export abstract class DialectRequestError extends Error {}

/**
 * What went wrong, as every dialect needs to know it: a domain error, a dialect's own request
 * error, a framework/HTTP error (bad JSON, body too large, unknown route, failed authentication)
 * or an unexpected one.
 */
export type ClassifiedError<E extends DialectRequestError = never> =
  | { kind: 'domain'; error: DomainError }
  | ([E] extends [never] ? never : { kind: 'dialect'; error: E })
  | { kind: 'http'; status: number; message: string }
  | { kind: 'internal'; requestId: string };

export function classifyError(
  error: unknown,
  requestId: string,
): ClassifiedError<DialectRequestError> {
  if (error instanceof DomainError) return { kind: 'domain', error };
  if (error instanceof DialectRequestError) return { kind: 'dialect', error };
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const raw =
      typeof response === 'string'
        ? response
        : (response as { message?: string | string[] }).message;
    const message = Array.isArray(raw) ? raw.join('; ') : (raw ?? error.message);
    return { kind: 'http', status: error.getStatus(), message };
  }
  // body-parser raises http-errors (e.g. 413 entity.too.large) that Nest passes through untouched.
  const client = error as { expose?: boolean; status?: number; message?: string };
  if (client?.expose === true && typeof client.status === 'number' && client.status < 500) {
    return { kind: 'http', status: client.status, message: client.message ?? 'Bad request' };
  }
  return { kind: 'internal', requestId };
}

/** One per dialect: renders every failure under its path prefix in the dialect's own format. */
export interface DialectErrorRenderer<E extends DialectRequestError = never> {
  /** e.g. '/services/csgroups', '/api/2/', '/rpc/rest/', '/groups' */
  readonly pathPrefixes: readonly string[];
  /** The dialect's own request-error class; absent when it raises none. */
  readonly requestErrors?: abstract new (...args: never[]) => E;
  render(error: ClassifiedError<E>, req: Request, res: Response): void;
}

/** A renderer of any dialect, as the registry holds it. */
export type AnyDialectErrorRenderer = DialectErrorRenderer<DialectRequestError>;

/** Dialect modules register their renderer here; the global filter picks one by path. */
@Injectable()
export class DialectErrorRegistry {
  private readonly renderers: Array<{ prefix: string; renderer: AnyDialectErrorRenderer }> = [];

  register<E extends DialectRequestError>(renderer: DialectErrorRenderer<E>): void {
    for (const prefix of renderer.pathPrefixes) this.renderers.push({ prefix, renderer });
    // Longest prefix first, so a more specific dialect path wins.
    this.renderers.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  rendererFor(path: string): AnyDialectErrorRenderer | undefined {
    return this.renderers.find(({ prefix }) => matchesPrefix(path, prefix))?.renderer;
  }
}

/** `/groups` matches `/groups`, `/groups/1`, `/groups?x` but not `/groupsfoo`. */
export function matchesPrefix(path: string, prefix: string): boolean {
  if (!path.startsWith(prefix)) return false;
  if (prefix.endsWith('/')) return true;
  const next = path.charAt(prefix.length);
  return next === '' || next === '/' || next === '?';
}
