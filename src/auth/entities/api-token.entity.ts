import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from '../../domain/entities/columns';

/** Bearer token / Civis API key. Only the SHA-256 of the token is kept. */
@Entity('api_tokens')
export class ApiTokenEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'token_hash', type: 'varchar' })
  tokenHash!: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt!: number;
}
