import { GroupChildEntity } from './group-child.entity';
import { GroupEmailMemberEntity } from './group-email-member.entity';
import { GroupMemberEntity } from './group-member.entity';
import { GroupPropertyEntity } from './group-property.entity';
import { GroupShareEntity } from './group-share.entity';
import { GroupEntity } from './group.entity';
import { OrganizationEntity } from './organization.entity';
import { UserEntity } from './user.entity';

export const ENTITIES = [
  OrganizationEntity,
  UserEntity,
  GroupEntity,
  GroupMemberEntity,
  GroupEmailMemberEntity,
  GroupChildEntity,
  GroupPropertyEntity,
  GroupShareEntity,
];
