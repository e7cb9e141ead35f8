import { ApiTokenEntity } from './api-token.entity';
import { OAuthConsumerEntity } from './oauth-consumer.entity';
import { OAuthNonceEntity } from './oauth-nonce.entity';
import { OAuthTokenEntity } from './oauth-token.entity';

export const AUTH_ENTITIES = [
  ApiTokenEntity,
  OAuthConsumerEntity,
  OAuthTokenEntity,
  OAuthNonceEntity,
];
