import { Entity, PrimaryColumn } from 'typeorm';

/** `child_id` is nested in `parent_id`: its effective members are members of the parent. */
@Entity('group_children')
export class GroupChildEntity {
  @PrimaryColumn({ name: 'parent_id', type: 'integer' })
  parentId!: number;

  @PrimaryColumn({ name: 'child_id', type: 'integer' })
  childId!: number;
}
