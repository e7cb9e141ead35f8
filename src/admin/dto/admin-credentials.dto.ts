import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { MAX_ID } from './admin.dto';

/** The largest instant the admin API accepts (9999-12-31T23:59:59.999Z), in epoch milliseconds. */
const MAX_EPOCH_MS = 253_402_300_799_999;

export class CreateApiTokenDto {
  @ApiPropertyOptional({ example: 'timetable sync', description: 'What the token is for' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  @Matches(/^\P{Cc}*$/u, { message: 'label must not contain control characters' })
  label?: string;

  @ApiPropertyOptional({
    example: 1767225600000,
    description: 'Epoch milliseconds (like every admin API timestamp); refused from then on',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_EPOCH_MS)
  expiresAt?: number;
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
