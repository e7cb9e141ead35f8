import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { MAX_ID } from './admin.dto';

export class CreateApiTokenDto {
  @ApiPropertyOptional({ example: 'timetable sync', description: 'What the token is for' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  @Matches(/^\P{Cc}*$/u, { message: 'label must not contain control characters' })
  label?: string;

  @ApiPropertyOptional({
    example: '2027-01-01T00:00:00.000Z',
    description: 'ISO 8601 (like every admin API timestamp); the token is refused from then on',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  expiresAt?: string;
}

export class UpdateOAuthConsumerDto {
  @ApiProperty({ description: 'A disabled consumer is refused like an unknown key' })
  @IsBoolean()
  disabled!: boolean;
}

export class CreateOAuthConsumerDto {
  @ApiProperty({ example: 'Timetable app' })
  @IsString()
  @Length(1, 255)
  @Matches(/^\P{Cc}*$/u, { message: 'name must not contain control characters' })
  name!: string;

  @ApiProperty({ description: 'Administrative consumer (required by services/csgroups)' })
  @IsBoolean()
  administrative!: boolean;
}

export class CreateOAuthTokenDto {
  @ApiProperty()
  @IsString()
  @Length(1, 64)
  consumerKey!: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  userId!: number;
}
