import helmet from 'helmet';

/**
 * helmet on every response: nosniff, X-Frame-Options SAMEORIGIN, Referrer-Policy same-origin,
 * HSTS, cross-origin isolation headers, and a Content-Security-Policy under which the pages this
 * server renders work with same-origin scripts and styles only. Swagger UI (/docs) loads its
 * scripts from /docs/ and carries inline <style> blocks, hence style-src 'unsafe-inline'; its
 * icons are data: URIs. `upgrade-insecure-requests` is left out: a plain-http deployment (local,
 * or TLS ended elsewhere) would have the browser fetch /docs' scripts over https and fail.
 */
export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
    },
  },
  // Not no-referrer: under it browsers send `Origin: null` with the pages' own form posts, which
  // the cross-site guard must refuse. same-origin keeps the referrer from every other site.
  referrerPolicy: { policy: 'same-origin' },
});
