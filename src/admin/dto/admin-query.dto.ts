import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MAX_PAGE_SIZE } from '../../domain/keyset';
import { MAX_ID } from './admin.dto';

/** Query strings carry text: decimal digits become a number (so "1e3" stays text and fails). */
const DecimalInteger = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value,
  );

const Flag = () =>
  Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  );

const QueryId = (description: string) => (target: object, property: string) => {
  ApiPropertyOptional({ description, example: 2, minimum: 1, maximum: MAX_ID })(target, property);
  IsOptional()(target, property);
  DecimalInteger()(target, property);
  IsInt({ message: `${property} must be an integer` })(target, property);
  Min(1)(target, property);
  Max(MAX_ID)(target, property);
};

/** `cursor` and `limit` of every directory list (keyset pages, docs/admin-api.md). */
export class PageQueryDto {
  @ApiPropertyOptional({
    description: 'The `nextCursor` of the previous page; omit for the first page',
    example: 'WyJwaHlzaWNzIHN0YWZmIiwxMl0',
  })
  @IsOptional()
  @IsString()
  @Length(1, 2048)
  cursor?: string;

  @ApiPropertyOptional({
    description: 'Items per page',
    default: 50,
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    example: 20,
  })
  @IsOptional()
  @DecimalInteger()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  // Last, so that its message is the one reported for text that is no integer.
  @IsInt({ message: 'limit must be an integer' })
  limit?: number;
}

export class UserSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description:
      'Start of the username, e-mail address, full name ("first last") or last name, case-insensitively',
    example: 'kowal',
  })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  q?: string;

  @ApiPropertyOptional({ description: 'Only active (true) or inactive (false) users' })
  @IsOptional()
  @Flag()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ description: 'Only system administrators (true) or the others (false)' })
  @IsOptional()
  @Flag()
  @IsBoolean({ message: 'admin must be true or false' })
  admin?: boolean;
}

export class GroupSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Start of the group name, case-insensitively',
    example: 'phys',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @QueryId('Only groups of this organization')
  organizationId?: number;

  @ApiPropertyOptional({
    description: 'Only federated (directory-synced) groups, or only the others',
  })
  @IsOptional()
  @Flag()
  @IsBoolean({ message: 'federated must be true or false' })
  federated?: boolean;

  @QueryId('Only groups owned by this user')
  ownerId?: number;

  @QueryId('Only groups this user is a direct member of')
  memberId?: number;
}

export class OrganizationSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Any part of the name, case-insensitively',
    example: 'physics',
  })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  q?: string;
}
