import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import auth from 'basic-auth';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { Caller } from '../domain/caller';
import { dialectOf } from '../operations/dialect-of-path';
import { CredentialsService } from './credentials.service';
import { SignInAttempt } from './login-throttle.service';

/** The dialect and client address a credential arrived with, for throttling, logs and metrics. */
export function signInAttempt(req: Request): SignInAttempt {
  return { dialect: dialectOf(req.path), address: req.ip ?? req.socket.remoteAddress ?? 'unknown' };
}

/**
 * HTTP Basic: `username:password` (Jive), or `<api key>:` with an empty password, which is
 * exactly what the Civis clients send. `basic-auth` parses the header (passport-http rejects
 * empty passwords and cuts passwords at the first ":").
 */
@Injectable()
export class BasicStrategy extends PassportStrategy(Strategy, 'basic') {
  constructor(private readonly credentials: CredentialsService) {
    super();
  }

  async validate(req: Request): Promise<Caller | false> {
    const parsed = auth(req);
    if (!parsed?.name) return false;
    const attempt = signInAttempt(req);
    const caller =
      parsed.pass === ''
        ? await this.credentials.callerForToken(parsed.name, attempt)
        : await this.credentials.callerForPassword(parsed.name, parsed.pass, attempt);
    return caller ?? false;
  }
}
