import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';

/** Bearer token only (admin API, Publisher). */
@Injectable()
export class BearerAuthGuard extends AuthGuard('bearer') {}

/** HTTP Basic only (Jive: username and password). */
@Injectable()
export class BasicAuthGuard extends AuthGuard('basic') {}

/** An API key as Bearer or as Basic `<key>:` (Civis). */
@Injectable()
export class ApiKeyAuthGuard extends AuthGuard(['bearer', 'basic']) {}
