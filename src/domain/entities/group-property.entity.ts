import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('group_properties')
export class GroupPropertyEntity {
  @PrimaryColumn({ name: 'group_id', type: 'integer' })
  groupId!: number;

  @PrimaryColumn({ type: 'varchar' })
  name!: string;

  @Column({ type: 'text' })
  value!: string;
}
