import { HttpException, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../domain/domain-error';

/**
 * What went wrong, as every dialect needs to know it: a domain error, a framework/HTTP error
 * (bad JSON, body too large, unknown route, failed authentication) or an unexpected one.
 */
export type ClassifiedError =
  | { kind: 'domain'; error: DomainError }
  | { kind: 'http'; status: number; message: string }
  | { kind: 'internal'; requestId: string };

export function classifyError(error: unknown, requestId: string): ClassifiedError {
  if (error instanceof DomainError) return { kind: 'domain', error };
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
export interface DialectErrorRenderer {
  /** e.g. '/services/csgroups', '/api/2/', '/rpc/rest/', '/groups' */
  readonly pathPrefixes: readonly string[];
  render(error: ClassifiedError, req: Request, res: Response): void;
}

/** Dialect modules register their renderer here; the global filter picks one by path. */
@Injectable()
export class DialectErrorRegistry {
  private readonly renderers: Array<{ prefix: string; renderer: DialectErrorRenderer }> = [];

  register(renderer: DialectErrorRenderer): void {
    for (const prefix of renderer.pathPrefixes) this.renderers.push({ prefix, renderer });
    // Longest prefix first, so a more specific dialect path wins.
    this.renderers.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  rendererFor(path: string): DialectErrorRenderer | undefined {
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
