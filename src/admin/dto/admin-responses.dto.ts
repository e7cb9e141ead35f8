import { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCESS_LEVELS, AccessLevel } from '../../domain/access-level';

// What the admin API answers, for the OpenAPI description. Timestamps are ISO 8601 (UTC).

export class AdminUserDto {
  @ApiProperty({ example: 2 }) id!: number;
  @ApiProperty({ example: 'jkowalski' }) username!: string;
  @ApiProperty({ example: 'Jan' }) firstName!: string;
  @ApiProperty({ example: 'Kowalski' }) lastName!: string;
  @ApiProperty({ example: 'jan@example.com', nullable: true, type: String }) email!: string | null;
  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty({ example: false, description: 'System administrator' }) isAdmin!: boolean;
  @ApiProperty({ example: 1, nullable: true, type: Number }) organizationId!: number | null;
  @ApiProperty({ example: '2026-12-05T09:30:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: '2026-12-05T09:30:00.000Z' }) updatedAt!: string;
}

export class AdminEffectiveMemberDto extends AdminUserDto {
  @ApiProperty({ example: false, description: 'A direct member (else through nested groups only)' })
  direct!: boolean;
}

export class AdminGroupEntryDto {
  @ApiProperty({ example: 12 }) id!: number;
  @ApiProperty({ example: 'Physics staff' }) name!: string;
  @ApiProperty({ example: 'Everyone teaching physics', nullable: true, type: String })
  description!: string | null;
  @ApiProperty({ example: 1, nullable: true, type: Number }) organizationId!: number | null;
  @ApiProperty({ example: 'Faculty of Physics', nullable: true, type: String })
  organizationName!: string | null;
  @ApiProperty({ example: false, description: 'Directory-synced (Jive isFederated, USOS primary)' })
  federated!: boolean;
  @ApiProperty({ example: 2, nullable: true, type: Number }) ownerId!: number | null;
  @ApiProperty({ example: 40, description: 'Direct members' }) memberCount!: number;
  @ApiProperty({
    example: 310,
    description: 'Distinct users in the group or in any group nested in it',
  })
  effectiveMemberCount!: number;
  @ApiProperty({ example: '2026-12-05T09:30:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: '2026-12-05T09:31:12.345Z' }) updatedAt!: string;
}

export class AdminGroupDto extends AdminGroupEntryDto {
  @ApiProperty({ example: '6f1c2a4e-0b7d-4c8e-9a53-2f0d6c1e8b10' }) slug!: string;
  @ApiProperty({ example: 2, nullable: true, type: Number }) createdById!: number | null;
  @ApiProperty({ example: 2, nullable: true, type: Number }) updatedById!: number | null;
  @ApiProperty({ example: 38, description: 'Direct members that are active' })
  activeMemberCount!: number;
  @ApiProperty({ example: null, nullable: true, type: Boolean })
  defaultOtpRequiredForLogin!: boolean | null;
  @ApiProperty({ example: null, nullable: true, type: String }) defaultTimeZone!: string | null;
  @ApiProperty({ example: null, nullable: true, type: String }) defaultJobsLabel!: string | null;
  @ApiProperty({ example: null, nullable: true, type: String })
  defaultNotebooksLabel!: string | null;
  @ApiProperty({ example: null, nullable: true, type: String })
  defaultServicesLabel!: string | null;
  @ApiProperty({ example: [], type: [Number] }) roleIds!: number[];
}

export class AdminOrganizationDto {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: 'Faculty of Physics' }) name!: string;
  @ApiProperty({ example: 'faculty-of-physics-3fa9c1' }) slug!: string;
}

export class AdminGroupRefDto {
  @ApiProperty({ example: 12 }) id!: number;
  @ApiProperty({ example: 'Physics staff' }) name!: string;
}

export class AdminChildGroupDto extends AdminGroupRefDto {
  @ApiProperty({ example: false }) federated!: boolean;
}

export class AdminMembershipPathDto {
  @ApiProperty({
    enum: ['member', 'email'],
    example: 'member',
    description:
      "'member': a member row of the last group; 'email': the user's e-mail address is an e-mail member of it",
  })
  via!: 'member' | 'email';

  @ApiProperty({
    type: [AdminGroupRefDto],
    description:
      'From the group asked about down, through nested groups, to the one holding the user',
    example: [
      { id: 12, name: 'Physics staff' },
      { id: 15, name: 'Optics lab' },
    ],
  })
  groups!: AdminGroupRefDto[];
}

export class AdminMembershipExplanationDto {
  @ApiProperty({ example: 12 }) groupId!: number;
  @ApiProperty({ example: 7 }) userId!: number;
  @ApiProperty({
    example: true,
    description: 'An effective member (a path via member rows exists)',
  })
  member!: boolean;
  @ApiProperty({ type: [AdminMembershipPathDto], description: 'Shortest first' })
  paths!: AdminMembershipPathDto[];
  @ApiProperty({
    example: true,
    description: 'False when more than 100 paths exist and the rest were left out',
  })
  complete!: boolean;
}

export class AdminShareDto {
  @ApiProperty({ example: 7 }) id!: number;
  @ApiProperty({ example: 'Anna Nowak', description: "The user's full name or the group's name" })
  name!: string;
  @ApiProperty({ enum: ACCESS_LEVELS, example: 'write' }) level!: AccessLevel;
}

export class AdminSharesDto {
  @ApiProperty({ type: [AdminShareDto] }) users!: AdminShareDto[];
  @ApiProperty({ type: [AdminShareDto] }) groups!: AdminShareDto[];
}

export class AdminPropertyDto {
  @ApiProperty({ example: 'jive.room' }) name!: string;
  @ApiProperty({ example: 'B-204' }) value!: string;
}

/** A keyset page of `item` (docs/admin-api.md, "Lists"). */
function pageOf<T>(item: Type<T>, name: string) {
  class Page {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiPropertyOptional({
      type: String,
      nullable: true,
      example: 'WyJwaHlzaWNzIHN0YWZmIiwxMl0',
      description: 'Pass as `cursor` for the next page; null on the last page',
    })
    nextCursor!: string | null;
    @ApiProperty({ example: 1, description: 'Matching items, counted up to 10000' }) total!: number;
    @ApiProperty({ example: true, description: 'False when `total` stopped at 10000' })
    totalExact!: boolean;
  }
  Object.defineProperty(Page, 'name', { value: name });
  return Page;
}

export const AdminUserPageDto = pageOf(AdminUserDto, 'AdminUserPageDto');
export const AdminGroupPageDto = pageOf(AdminGroupEntryDto, 'AdminGroupPageDto');
export const AdminEffectiveMemberPageDto = pageOf(
  AdminEffectiveMemberDto,
  'AdminEffectiveMemberPageDto',
);
export const AdminOrganizationPageDto = pageOf(AdminOrganizationDto, 'AdminOrganizationPageDto');
