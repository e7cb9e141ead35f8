import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-http-bearer';
import { Caller } from '../domain/caller';
import { signInAttempt } from './basic.strategy';
import { CredentialsService } from './credentials.service';

/** `Authorization: Bearer <token>` — admin API, Publisher, Civis. */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(private readonly credentials: CredentialsService) {
    super({ passReqToCallback: true });
  }

  async validate(req: Request, token: string): Promise<Caller | false> {
    return (await this.credentials.callerForToken(token, signInAttempt(req))) ?? false;
  }
}
