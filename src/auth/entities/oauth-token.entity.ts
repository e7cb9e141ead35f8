import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from '../../domain/entities/columns';

/** OAuth 1.0a access token of a user for one consumer. The secret is needed for HMAC-SHA1. */
@Entity('oauth_tokens')
export class OAuthTokenEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  token!: string;

  @Column({ type: 'varchar' })
  secret!: string;

  @Column({ name: 'consumer_id', type: 'integer' })
  consumerId!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt!: number;
}
