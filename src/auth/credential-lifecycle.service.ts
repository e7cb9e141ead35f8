import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '../domain/domain-error';
import { Gatekeeper } from '../domain/gatekeeper';
import {
  ApiTokenView,
  CredentialLifecycleRepository,
  OAuthConsumerView,
  OAuthTokenOwner,
  OAuthTokenView,
} from './credential-lifecycle.repository';

/**
 * Listing and revoking credentials (issue 17). Revoking keeps the row with `revoked_at`, so the
 * lists still show when a credential was used and killed; a revocation is final (nothing
 * un-revokes a token: issue a new one). Every credential check reads these columns from the
 * database, so a revocation holds at once on every instance. Revoking is a write like any
 * other: refused under READ_ONLY (the Gatekeeper).
 */
@Injectable()
export class CredentialLifecycleService {
  constructor(
    private readonly credentials: CredentialLifecycleRepository,
    private readonly gatekeeper: Gatekeeper,
  ) {}

  async listApiTokens(userId: number): Promise<ApiTokenView[]> {
    await this.requireUser(userId);
    return this.credentials.apiTokens(userId);
  }

  /** Idempotent: revoking a revoked token keeps its first revocation time. */
  revokeApiToken(userId: number, tokenId: number): Promise<void> {
    return this.gatekeeper.write(async (em) => {
      if (!(await this.credentials.apiTokenOfUserExists(tokenId, userId, em)))
        throw DomainError.notFound('token', tokenId, 'tokenId');
      await this.credentials.revokeApiToken(em, tokenId, Date.now());
    });
  }

  /** Revokes every live API token of the user; answers how many. */
  revokeAllApiTokens(userId: number): Promise<{ revoked: number }> {
    return this.gatekeeper.write(async (em) => {
      await this.requireUser(userId, em);
      return { revoked: await this.credentials.revokeApiTokensOfUser(em, userId, Date.now()) };
    });
  }

  listConsumers(): Promise<OAuthConsumerView[]> {
    return this.credentials.consumers();
  }

  /** A disabled consumer's signatures are refused like an unknown key; its tokens are kept. */
  setConsumerDisabled(consumerId: number, disabled: boolean): Promise<OAuthConsumerView> {
    return this.gatekeeper.write(async (em) => {
      await this.requireConsumer(consumerId, em);
      await this.credentials.setConsumerDisabledAt(em, consumerId, disabled ? Date.now() : null);
      return (await this.credentials.consumer(consumerId, em))!;
    });
  }

  /** Its access tokens and nonces go with it. */
  deleteConsumer(consumerId: number): Promise<void> {
    return this.gatekeeper.write(async (em) => {
      await this.requireConsumer(consumerId, em);
      await this.credentials.deleteConsumer(em, consumerId);
    });
  }

  async listOAuthTokens(owner: OAuthTokenOwner): Promise<OAuthTokenView[]> {
    await this.requireOwner(owner);
    return this.credentials.oauthTokens(owner);
  }

  /** With `userId`, a token of another user is not found. */
  revokeOAuthToken(tokenId: number, userId?: number): Promise<void> {
    return this.gatekeeper.write(async (em) => {
      if (!(await this.credentials.oauthTokenExists(tokenId, em, userId)))
        throw DomainError.notFound('token', tokenId, 'tokenId');
      await this.credentials.revokeOAuthToken(em, tokenId, Date.now());
    });
  }

  revokeOAuthTokens(owner: OAuthTokenOwner): Promise<{ revoked: number }> {
    return this.gatekeeper.write(async (em) => {
      await this.requireOwner(owner, em);
      return { revoked: await this.credentials.revokeOAuthTokens(em, owner, Date.now()) };
    });
  }

  private async requireOwner(owner: OAuthTokenOwner, em?: EntityManager): Promise<void> {
    if ('userId' in owner) await this.requireUser(owner.userId, em);
    else await this.requireConsumer(owner.consumerId, em);
  }

  private async requireUser(userId: number, em?: EntityManager): Promise<void> {
    if (!(await this.credentials.userExists(userId, em)))
      throw DomainError.notFound('user', userId, 'userId');
  }

  private async requireConsumer(consumerId: number, em?: EntityManager): Promise<void> {
    if (!(await this.credentials.consumerExists(consumerId, em)))
      throw DomainError.notFound('consumer', consumerId, 'consumerId');
  }
}
