import { Entity, PrimaryColumn } from 'typeorm';

@Entity('group_email_members')
export class GroupEmailMemberEntity {
  @PrimaryColumn({ name: 'group_id', type: 'integer' })
  groupId!: number;

  @PrimaryColumn({ type: 'varchar' })
  email!: string;
}
