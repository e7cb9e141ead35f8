import { Injectable } from '@nestjs/common';
import {
  ApiTokenView,
  OAuthConsumerView,
  OAuthTokenOwner,
  OAuthTokenView,
} from '../auth/credential-lifecycle.repository';
import { CredentialLifecycleService } from '../auth/credential-lifecycle.service';
import { CredentialsService } from '../auth/credentials.service';
import { isoTimestamp } from '../common/iso-timestamp';
import { requireSelfOrSystemAdmin, requireSystemAdmin } from '../domain/access-policy';
import { Caller } from '../domain/caller';
import {
  CreateApiTokenDto,
  CreateOAuthConsumerDto,
  CreateOAuthTokenDto,
} from './dto/admin-credentials.dto';

/**
 * Credential lifecycle for the admin API, the CLI and the console: API tokens, OAuth consumers
 * and OAuth access tokens — created (secrets shown once), listed (never a secret), revoked.
 * A user's own API and OAuth tokens are theirs and system administrators' to manage (the
 * console's "My API tokens"); to anyone else that user is not found, as an invisible group is.
 * Consumers, and tokens by consumer, are for system administrators.
 */
@Injectable()
export class AdminCredentialsService {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly lifecycle: CredentialLifecycleService,
  ) {}

  async mintApiToken(caller: Caller, userId: number, dto: CreateApiTokenDto = {}) {
    requireSelfOrSystemAdmin(caller, userId);
    const minted = await this.credentials.mintApiToken(userId, {
      label: dto.label,
      expiresAt: dto.expiresAt === undefined ? undefined : Date.parse(dto.expiresAt),
    });
    return {
      ...minted,
      createdAt: isoTimestamp(minted.createdAt),
      expiresAt: isoOrNull(minted.expiresAt),
    };
  }

  async listApiTokens(caller: Caller, userId: number) {
    requireSelfOrSystemAdmin(caller, userId);
    return (await this.lifecycle.listApiTokens(userId)).map(adminApiToken);
  }

  revokeApiToken(caller: Caller, userId: number, tokenId: number) {
    requireSelfOrSystemAdmin(caller, userId);
    return this.lifecycle.revokeApiToken(userId, tokenId);
  }

  revokeAllApiTokens(caller: Caller, userId: number) {
    requireSelfOrSystemAdmin(caller, userId);
    return this.lifecycle.revokeAllApiTokens(userId);
  }

  createOAuthConsumer(caller: Caller, dto: CreateOAuthConsumerDto) {
    requireSystemAdmin(caller, 'useAdminApi');
    return this.credentials.createOAuthConsumer(dto.name, dto.administrative);
  }

  async listOAuthConsumers(caller: Caller) {
    requireSystemAdmin(caller, 'useAdminApi');
    return (await this.lifecycle.listConsumers()).map(adminConsumer);
  }

  async setOAuthConsumerDisabled(caller: Caller, consumerId: number, disabled: boolean) {
    requireSystemAdmin(caller, 'useAdminApi');
    return adminConsumer(await this.lifecycle.setConsumerDisabled(consumerId, disabled));
  }

  deleteOAuthConsumer(caller: Caller, consumerId: number) {
    requireSystemAdmin(caller, 'useAdminApi');
    return this.lifecycle.deleteConsumer(consumerId);
  }

  createOAuthToken(caller: Caller, dto: CreateOAuthTokenDto) {
    requireSystemAdmin(caller, 'useAdminApi');
    return this.credentials.createOAuthAccessToken(dto.consumerKey, dto.userId);
  }

  async listOAuthTokens(caller: Caller, owner: OAuthTokenOwner) {
    requireOwnerOrAdmin(caller, owner);
    return (await this.lifecycle.listOAuthTokens(owner)).map(adminOAuthToken);
  }

  revokeOAuthToken(caller: Caller, tokenId: number) {
    requireSystemAdmin(caller, 'useAdminApi');
    return this.lifecycle.revokeOAuthToken(tokenId);
  }

  /** One of the user's OAuth tokens; another user's token is not found. */
  revokeUserOAuthToken(caller: Caller, userId: number, tokenId: number) {
    requireSelfOrSystemAdmin(caller, userId);
    return this.lifecycle.revokeOAuthToken(tokenId, userId);
  }

  revokeOAuthTokens(caller: Caller, owner: OAuthTokenOwner) {
    requireOwnerOrAdmin(caller, owner);
    return this.lifecycle.revokeOAuthTokens(owner);
  }
}

// The admin API writes timestamps as ISO 8601 (admin-views.ts); the lifecycle keeps epoch ms.
function isoOrNull(epochMs: number | null): string | null {
  return epochMs === null ? null : isoTimestamp(epochMs);
}

function adminApiToken(token: ApiTokenView) {
  return {
    ...token,
    createdAt: isoTimestamp(token.createdAt),
    lastUsedAt: isoOrNull(token.lastUsedAt),
    expiresAt: isoOrNull(token.expiresAt),
    revokedAt: isoOrNull(token.revokedAt),
  };
}

function adminConsumer(consumer: OAuthConsumerView) {
  return {
    ...consumer,
    createdAt: isoTimestamp(consumer.createdAt),
    disabledAt: isoOrNull(consumer.disabledAt),
  };
}

function adminOAuthToken(token: OAuthTokenView) {
  return {
    ...token,
    createdAt: isoTimestamp(token.createdAt),
    lastUsedAt: isoOrNull(token.lastUsedAt),
    expiresAt: isoOrNull(token.expiresAt),
    revokedAt: isoOrNull(token.revokedAt),
  };
}

/** A user's OAuth tokens are theirs to manage; a consumer's, the administrators'. */
function requireOwnerOrAdmin(caller: Caller, owner: OAuthTokenOwner) {
  if ('userId' in owner) requireSelfOrSystemAdmin(caller, owner.userId);
  else requireSystemAdmin(caller, 'useAdminApi');
}
