import { ForbiddenException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Paths whose writes need a credential a browser never attaches on its own: USOS requests carry
 * an OAuth signature made with secrets the page does not have, and USOS allows cross-origin calls.
 */
const EXEMPT_PREFIXES = ['/services/csgroups/'];

/**
 * No state-changing request from another site. HTTP Basic (Jive, Civis keys) is an ambient
 * credential: a browser that once logged in sends it with a cross-site form post, and Jive reads
 * its XML under any Content-Type (its clients send text/plain, text/xml or none), so a content
 * type rule would break them. Browsers mark such requests — `Sec-Fetch-Site` (cross-site or
 * same-site), or an `Origin` that is not this server — and the scripts and servers that are
 * Groupbridge's clients send neither, so those marks are what is refused.
 */
export function refuseCrossSiteWrites(publicUrl: string | undefined) {
  const publicHost = publicUrl ? new URL(publicUrl).host : undefined;
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method) || EXEMPT_PREFIXES.some((p) => req.path.startsWith(p))) {
      return next();
    }
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    // A browser that says same-origin is believed, whatever Origin it sends.
    const crossSite =
      site !== 'same-origin' &&
      (site === 'cross-site' ||
        site === 'same-site' ||
        (origin !== undefined && !sameOrigin(origin, req.host, publicHost)));
    next(crossSite ? new ForbiddenException('Cross-site requests may not change data') : undefined);
  };
}

function sameOrigin(origin: string, host: string, publicHost: string | undefined): boolean {
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false; // "null" (sandboxed frames, privacy redirects) or garbage
  }
  return originHost === host || originHost === publicHost;
}
