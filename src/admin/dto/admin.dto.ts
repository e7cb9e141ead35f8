import { PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { DomainError } from '../../domain/domain-error';

/** Ids are 32-bit on PostgreSQL; a larger one cannot name anything. */
export const MAX_ID = 2_147_483_647;

/**
 * An id in a path or a CLI argument: decimal digits only, so "1e3", "0x10" or " 5" are refused
 * rather than read as numbers (the API and the CLI share this rule).
 */
export function parseAdminId(raw: string | undefined): number {
  const id = raw !== undefined && /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!(id >= 1 && id <= MAX_ID))
    throw DomainError.invalid('id', `id must be an integer from 1 to ${MAX_ID}`);
  return id;
}

/**
 * Path ids are read from the raw text. The validation pipe is bound to bodies only: as a
 * controller pipe it also converted `:id` to a number first, so "1e3" reached this as 1000.
 */
export const adminIdPipe: PipeTransform<string, number> = { transform: parseAdminId };

/** Users and organizations are rendered in XML by three dialects, which cannot carry these. */
const NoControlCharacters = () =>
  Matches(/^\P{Cc}*$/u, { message: '$property must not contain control characters' });

export class CreateUserDto {
  @ApiProperty({ example: 'jkowalski' })
  @IsString()
  @Matches(/^[^\s:\p{Cc}]{1,255}$/u, {
    message: 'username must be 1–255 characters without spaces, control characters or ":"',
  })
  username!: string;

  @ApiPropertyOptional({ example: 'Jan' })
  @IsOptional()
  @IsString()
  @Length(0, 255)
  @NoControlCharacters()
  firstName?: string;

  @ApiPropertyOptional({ example: 'Kowalski' })
  @IsOptional()
  @IsString()
  @Length(0, 255)
  @NoControlCharacters()
  lastName?: string;

  @ApiPropertyOptional({ example: 'jan@example.com', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ description: 'For HTTP Basic (Jive). Stored as a scrypt hash.' })
  @IsOptional()
  @IsString()
  @Length(8, 1024)
  password?: string;

  @ApiPropertyOptional({ description: 'System administrator' })
  @IsOptional()
  @IsBoolean()
  admin?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  organizationId?: number | null;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[^\s:\p{Cc}]{1,255}$/u, {
    message: 'username must be 1–255 characters without spaces, control characters or ":"',
  })
  username?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 255)
  @NoControlCharacters()
  firstName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 255)
  @NoControlCharacters()
  lastName?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(8, 1024)
  password?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  admin?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  organizationId?: number | null;
}

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Faculty of Physics' })
  @IsString()
  @Length(1, 255)
  @NoControlCharacters()
  name!: string;
}

export class CreateGroupDto {
  @ApiProperty({ example: 'Physics staff' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  description?: string | null;

  @ApiPropertyOptional({
    description: 'Directory-synced group (Jive isFederated, USOS primary group)',
  })
  @IsOptional()
  @IsBoolean()
  federated?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  organizationId?: number | null;
}
