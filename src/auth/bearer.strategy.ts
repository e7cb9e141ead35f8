import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { Caller } from '../domain/caller';
import { CredentialsService } from './credentials.service';

/** `Authorization: Bearer <token>` — admin API, Publisher, Civis. */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(private readonly credentials: CredentialsService) {
    super();
  }

  async validate(token: string): Promise<Caller | false> {
    return (await this.credentials.callerForToken(token)) ?? false;
  }
}
