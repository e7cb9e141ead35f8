import type { Request } from 'express';
import type { WebSession } from './web-session.service';

/** A request under the web pages; `webSession` is set by WebSessionGuard. */
export type WebRequest = Request & { webSession?: WebSession };

export const SESSION_COOKIE = 'gb_session';
