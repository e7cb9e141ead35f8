import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from '../../domain/entities/columns';

/** OAuth 1.0a consumer. The secret is kept as is: HMAC-SHA1 verification needs it. */
@Entity('oauth_consumers')
export class OAuthConsumerEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'consumer_key', type: 'varchar' })
  consumerKey!: string;

  @Column({ type: 'varchar' })
  secret!: string;

  @Column({ type: 'varchar' })
  name!: string;

  @Column({ type: 'boolean' })
  administrative!: boolean;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt!: number;
}
