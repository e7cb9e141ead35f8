import { Injectable } from '@nestjs/common';
import { OAuthTokenOwner } from '../auth/credential-lifecycle.repository';
import { CredentialLifecycleService } from '../auth/credential-lifecycle.service';
import { CredentialsService } from '../auth/credentials.service';
import { Caller } from '../domain/caller';
import { DomainError } from '../domain/domain-error';
import {
  CreateApiTokenDto,
  CreateOAuthConsumerDto,
  CreateOAuthTokenDto,
} from './dto/admin-credentials.dto';

/**
 * Credential lifecycle for the admin API and the CLI: API tokens, OAuth consumers and OAuth
 * access tokens — created (secrets shown once), listed (never a secret), revoked.
 */
@Injectable()
export class AdminCredentialsService {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly lifecycle: CredentialLifecycleService,
  ) {}

  mintApiToken(caller: Caller, userId: number, dto: CreateApiTokenDto = {}) {
    requireAdmin(caller);
    return this.credentials.mintApiToken(userId, dto);
  }

  listApiTokens(caller: Caller, userId: number) {
    requireAdmin(caller);
    return this.lifecycle.listApiTokens(userId);
  }

  revokeApiToken(caller: Caller, userId: number, tokenId: number) {
    requireAdmin(caller);
    return this.lifecycle.revokeApiToken(userId, tokenId);
  }

  revokeAllApiTokens(caller: Caller, userId: number) {
    requireAdmin(caller);
    return this.lifecycle.revokeAllApiTokens(userId);
  }

  createOAuthConsumer(caller: Caller, dto: CreateOAuthConsumerDto) {
    requireAdmin(caller);
    return this.credentials.createOAuthConsumer(dto.name, dto.administrative);
  }

  listOAuthConsumers(caller: Caller) {
    requireAdmin(caller);
    return this.lifecycle.listConsumers();
  }

  setOAuthConsumerDisabled(caller: Caller, consumerId: number, disabled: boolean) {
    requireAdmin(caller);
    return this.lifecycle.setConsumerDisabled(consumerId, disabled);
  }

  deleteOAuthConsumer(caller: Caller, consumerId: number) {
    requireAdmin(caller);
    return this.lifecycle.deleteConsumer(consumerId);
  }

  createOAuthToken(caller: Caller, dto: CreateOAuthTokenDto) {
    requireAdmin(caller);
    return this.credentials.createOAuthAccessToken(dto.consumerKey, dto.userId);
  }

  listOAuthTokens(caller: Caller, owner: OAuthTokenOwner) {
    requireAdmin(caller);
    return this.lifecycle.listOAuthTokens(owner);
  }

  revokeOAuthToken(caller: Caller, tokenId: number) {
    requireAdmin(caller);
    return this.lifecycle.revokeOAuthToken(tokenId);
  }

  revokeOAuthTokens(caller: Caller, owner: OAuthTokenOwner) {
    requireAdmin(caller);
    return this.lifecycle.revokeOAuthTokens(owner);
  }
}

function requireAdmin(caller: Caller) {
  if (!caller.systemAdmin)
    throw DomainError.forbidden('The admin API is for system administrators');
}
