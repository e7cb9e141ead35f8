import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from './columns';

@Entity('group_shares')
export class GroupShareEntity {
  @PrimaryColumn({ name: 'group_id', type: 'integer' })
  groupId!: number;

  @PrimaryColumn({ name: 'principal_type', type: 'varchar' })
  principalType!: 'user' | 'group';

  @PrimaryColumn({ name: 'principal_id', type: 'integer' })
  principalId!: number;

  /** 1 = read, 2 = write, 3 = manage (see access-level.ts). */
  @Column({ type: 'smallint' })
  level!: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt!: number;
}
