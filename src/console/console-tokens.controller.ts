import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminCredentialsService } from '../admin/admin-credentials.service';
import { CreateApiTokenDto } from '../admin/dto/admin-credentials.dto';
import { UsersService } from '../domain/users.service';
import { CsrfGuard } from '../web/web-csrf';
import { WebRequest } from '../web/web-request';
import { CurrentWebSession, SignedInGuard, WebSessionGuard } from '../web/web-session.guard';
import { WebSession } from '../web/web-session.service';
import {
  callerOf,
  FormBody,
  formFailure,
  formText,
  Notice,
  orNotFound,
  pathId,
  shownTime,
  validForm,
} from './console-page';
import { ConsoleView } from './console-view.service';

/** A token created a moment ago: its secret is in this one answer and nowhere else. */
interface MintedToken {
  label: string | null;
  token: string;
}

/**
 * A user's API tokens (bearer tokens, also the Civis API key) and OAuth access tokens: list,
 * create (the secret shown once, in the answer to the form), revoke. The credential services
 * decide who may: the user themself ("My API tokens") or a system administrator; anyone else's
 * tokens are no page.
 */
@ApiExcludeController()
@Controller('console/users/:id')
@UseGuards(WebSessionGuard, SignedInGuard)
export class ConsoleTokensController {
  constructor(
    private readonly view: ConsoleView,
    private readonly credentials: AdminCredentialsService,
    private readonly users: UsersService,
  ) {}

  @Get('tokens')
  async list(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    await this.renderPage(session, req, res, pathId(rawId));
  }

  @Post('tokens')
  @UseGuards(CsrfGuard)
  async create(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Body() body: FormBody,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const userId = pathId(rawId);
    const form = { label: formText(body, 'label'), expiresOn: formText(body, 'expiresOn') };
    let minted: MintedToken;
    try {
      const dto = await validForm(CreateApiTokenDto, {
        label: form.label || undefined,
        // A date field: the token is refused from that day's start, UTC.
        expiresAt: /^\d{4}-\d{2}-\d{2}$/.test(form.expiresOn)
          ? `${form.expiresOn}T00:00:00Z`
          : form.expiresOn || undefined,
      });
      minted = await orNotFound(this.credentials.mintApiToken(callerOf(session), userId, dto));
    } catch (error) {
      const failure = formFailure(error);
      return this.renderPage(session, req, res, userId, { failure, form }, failure.status);
    }
    // Rendered, not redirected: the secret must not travel in a URL or stay in the session.
    await this.renderPage(
      session,
      req,
      res,
      userId,
      { minted, notice: 'console.notice.tokenCreated' },
      201,
    );
  }

  @Post('tokens/revoke-all')
  @UseGuards(CsrfGuard)
  async revokeAll(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const userId = pathId(rawId);
    await this.change(session, req, res, userId, 'tokens-revoked', () =>
      this.credentials.revokeAllApiTokens(callerOf(session), userId),
    );
  }

  @Post('tokens/:tokenId/revoke')
  @UseGuards(CsrfGuard)
  async revoke(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Param('tokenId') rawTokenId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const userId = pathId(rawId);
    const tokenId = pathId(rawTokenId);
    await this.change(session, req, res, userId, 'token-revoked', () =>
      this.credentials.revokeApiToken(callerOf(session), userId, tokenId),
    );
  }

  @Post('oauth-tokens/:tokenId/revoke')
  @UseGuards(CsrfGuard)
  async revokeOAuth(
    @CurrentWebSession() session: WebSession,
    @Param('id') rawId: string,
    @Param('tokenId') rawTokenId: string,
    @Req() req: WebRequest,
    @Res() res: Response,
  ) {
    const userId = pathId(rawId);
    const tokenId = pathId(rawTokenId);
    await this.change(session, req, res, userId, 'oauth-token-revoked', () =>
      this.credentials.revokeUserOAuthToken(callerOf(session), userId, tokenId),
    );
  }

  /** A revocation, then back to the list with a notice; someone else's tokens: no page. */
  private async change(
    session: WebSession,
    req: WebRequest,
    res: Response,
    userId: number,
    notice: Notice,
    work: () => Promise<unknown>,
  ) {
    try {
      await orNotFound(work());
    } catch (error) {
      const failure = formFailure(error);
      return this.renderPage(session, req, res, userId, { failure }, failure.status);
    }
    res.redirect(303, `/console/users/${userId}/tokens?notice=${notice}`);
  }

  private async renderPage(
    session: WebSession,
    req: WebRequest,
    res: Response,
    userId: number,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const caller = callerOf(session);
    // The credential services answer first: they decide whether this user's tokens are shown.
    const [apiTokens, oauthTokens] = await Promise.all([
      orNotFound(this.credentials.listApiTokens(caller, userId)),
      orNotFound(this.credentials.listOAuthTokens(caller, { userId })),
    ]);
    const owner = await orNotFound(this.users.getUser(userId));
    const now = Date.now();
    const own = userId === caller.userId;
    this.view.render(
      req,
      res,
      own ? 'tokens' : 'users',
      'tokens.njk',
      {
        owner,
        own,
        apiTokens: apiTokens.map((token) => ({
          id: token.id,
          label: token.label,
          createdAt: shownTime(token.createdAt),
          expiresAt: shownTime(token.expiresAt),
          lastUsedAt: shownTime(token.lastUsedAt),
          revokedAt: shownTime(token.revokedAt),
          expired: token.expiresAt !== null && Date.parse(token.expiresAt) <= now,
        })),
        oauthTokens: oauthTokens.map((token) => ({
          id: token.id,
          consumerName: token.consumerName,
          scopes: token.scopes,
          createdAt: shownTime(token.createdAt),
          expiresAt: shownTime(token.expiresAt),
          lastUsedAt: shownTime(token.lastUsedAt),
          revokedAt: shownTime(token.revokedAt),
          expired: token.expiresAt !== null && Date.parse(token.expiresAt) <= now,
        })),
        minted: null,
        form: { label: '', expiresOn: '' },
        ...extra,
      },
      status,
    );
  }
}
