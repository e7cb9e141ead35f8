import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { ACCESS_LEVELS, AccessLevel } from '../../domain/access-level';
import { MAX_LIST_LENGTH } from '../../domain/input-rules';
import { MAX_ID } from './admin.dto';

// Bodies of the admin API's group and organization writes. Domain rules (name length, control
// characters, cycles, e-mail syntax) are checked by the domain, which names the failing field.

export class UpdateGroupDto {
  @ApiPropertyOptional({ example: 'Physics staff' })
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ example: 'Everyone teaching physics', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  description?: string | null;

  @ApiPropertyOptional({ description: 'Directory-synced group (Jive isFederated, USOS primary)' })
  @IsOptional()
  @IsBoolean()
  federated?: boolean;

  @ApiPropertyOptional({ example: 1, nullable: true, type: Number })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  organizationId?: number | null;
}

const IdList = (example: number[]) => (target: object, property: string) => {
  ApiProperty({ type: [Number], example, minItems: 1, maxItems: MAX_LIST_LENGTH })(
    target,
    property,
  );
  IsArray()(target, property);
  ArrayMinSize(1)(target, property);
  ArrayMaxSize(MAX_LIST_LENGTH)(target, property);
  IsInt({ each: true, message: `each of ${property} must be an integer` })(target, property);
  Min(1, { each: true })(target, property);
  Max(MAX_ID, { each: true })(target, property);
};

export class MemberIdsDto {
  @IdList([7, 9])
  userIds!: number[];
}

export class ChildGroupIdsDto {
  @IdList([15])
  groupIds!: number[];
}

export class EmailMembersDto {
  @ApiProperty({
    type: [String],
    example: ['visiting.lecturer@example.org'],
    description: 'The complete list: replaces the current e-mail members',
  })
  @IsArray()
  @ArrayMaxSize(MAX_LIST_LENGTH)
  @IsString({ each: true })
  emails!: string[];
}

export class ShareLevelDto {
  @ApiProperty({ enum: ACCESS_LEVELS, example: 'write' })
  @IsIn(ACCESS_LEVELS, { message: `level must be one of ${ACCESS_LEVELS.join(', ')}` })
  level!: AccessLevel;
}

export class PropertyValueDto {
  @ApiProperty({ example: 'B-204' })
  @IsString()
  value!: string;
}

export class UpdateOrganizationDto {
  @ApiProperty({ example: 'Faculty of Physics and Astronomy' })
  @IsString()
  @Length(1, 255)
  @Matches(/^\P{Cc}*$/u, { message: 'name must not contain control characters' })
  name!: string;
}
