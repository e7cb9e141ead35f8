import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from '../../domain/entities/columns';

/** A nonce seen for a consumer; kept until its timestamp leaves the accepted window. */
@Entity('oauth_nonces')
export class OAuthNonceEntity {
  @PrimaryColumn({ name: 'consumer_id', type: 'integer' })
  consumerId!: number;

  @PrimaryColumn({ type: 'varchar' })
  nonce!: string;

  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMillis })
  expiresAt!: number;
}
