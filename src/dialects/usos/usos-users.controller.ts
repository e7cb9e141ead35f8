import { Controller, Get, Post, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { UsersService } from '../../domain/users.service';
import { UsosAuth } from './usos-auth-requirements';
import { renderUser, USER_SCHEMA } from './usos-views';
import { UsosError } from './usos-errors';
import { parseFieldSelector, resolveProjection } from './usos-fields';
import { UsosOAuthGuard, UsosRequest } from './usos-oauth.guard';
import { parseOutputFormat, toInternalId, usosParams } from './usos-request';
import { sendUsosResult } from './usos-views';

const METHOD = 'services/users/user';

/** Scope the `email` field needs: one's own address, or someone else's. */
const OWN_EMAIL_SCOPE = 'email';
const OTHER_EMAILS_SCOPE = 'other_emails';

/**
 * `services/users/user` ("Consumer: required, Token: optional"): the token's user, or another
 * user by `user_id`; fields id, first_name, last_name, email (scope-gated).
 */
@ApiTags('usos')
@Controller('services/users')
@UsosAuth({ token: 'access', tokenRequired: false, administrative: false, asUserId: true })
@UseGuards(UsosOAuthGuard)
@UseInterceptors(NoFilesInterceptor())
export class UsosUsersController {
  constructor(private readonly users: UsersService) {}

  @Get('user')
  userViaGet(@Req() req: UsosRequest, @Res() res: Response) {
    return this.user(req, res);
  }

  @Post('user')
  userViaPost(@Req() req: UsosRequest, @Res() res: Response) {
    return this.user(req, res);
  }

  private async user(req: UsosRequest, res: Response) {
    const params = usosParams(req);
    const output = parseOutputFormat(params);
    const projection = resolveProjection(
      parseFieldSelector(params.optional('fields') ?? USER_SCHEMA.defaults),
      USER_SCHEMA,
    );
    const requested = params.optional('user_id');
    if (requested === undefined && !req.user) {
      throw UsosError.methodForbidden(
        'user_missing',
        'Without user_id this method requires an access token.',
      );
    }
    const userId = requested === undefined ? req.user!.userId : toInternalId(requested);
    const [user] = userId === null ? [] : await this.users.findUsers([userId]);
    if (!user?.active) {
      throw UsosError.objectNotFound('user_id', METHOD, `User ${requested} does not exist.`);
    }
    if (projection.some(({ name }) => name === 'email')) {
      const scope = user.id === req.user?.userId ? OWN_EMAIL_SCOPE : OTHER_EMAILS_SCOPE;
      const { scopes } = req.usos!;
      if (scopes !== 'all' && !scopes.has(scope)) {
        throw UsosError.fieldScopeMissing('email', METHOD, [scope]);
      }
    }
    sendUsosResult(res, output, renderUser(projection, user));
  }
}
