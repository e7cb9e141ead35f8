import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { GroupsDomainModule } from '../domain/groups-domain.module';
import { PersistenceModule } from '../persistence/persistence.module';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { ApiKeyAuthGuard, BasicAuthGuard, BearerAuthGuard } from './auth.guards';
import { BasicStrategy } from './basic.strategy';
import { BearerStrategy } from './bearer.strategy';
import { CredentialLifecycleRepository } from './credential-lifecycle.repository';
import { CredentialLifecycleService } from './credential-lifecycle.service';
import { CredentialsRepository } from './credentials.repository';
import { CredentialsService } from './credentials.service';
import { LoginThrottleRepository } from './login-throttle.repository';
import { LoginThrottleService } from './login-throttle.service';
import { OAuthAuthorizationService } from './oauth-authorization.service';
import { OAuthRequestTokenRepository } from './oauth-request-token.repository';

@Module({
  imports: [PassportModule.register({ session: false }), GroupsDomainModule, PersistenceModule],
  providers: [
    CredentialsRepository,
    CredentialsService,
    CredentialLifecycleRepository,
    CredentialLifecycleService,
    LoginThrottleRepository,
    LoginThrottleService,
    BearerStrategy,
    BasicStrategy,
    BearerAuthGuard,
    BasicAuthGuard,
    ApiKeyAuthGuard,
    AdminBootstrapService,
    OAuthRequestTokenRepository,
    OAuthAuthorizationService,
  ],
  exports: [
    CredentialsService,
    OAuthAuthorizationService,
    CredentialLifecycleService,
    LoginThrottleService,
    BearerAuthGuard,
    BasicAuthGuard,
    ApiKeyAuthGuard,
  ],
})
export class AuthModule {}
