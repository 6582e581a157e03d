import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { DateField, IdField, TextField } from '../../../common/validation/fields.js';
import type { Role } from '../../roles/entities/role.entity.js';
import type { ApiKey } from '../entities/api-key.entity.js';

export class CreateApiKeyDto {
  @TextField({ maxLength: 100, example: 'CI pipeline' })
  name: string;

  @IdField({ optional: true, description: 'Role id the key acts with (see GET /api/v1/roles). Default: your own role.' })
  roleId?: number;

  @ApiPropertyOptional({ example: 'viewer', description: 'Role name, instead of roleId.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  role?: string;

  @DateField({ optional: true, nullable: true, description: 'When the key stops working; must be in the future. Default: never.' })
  expiresAt?: Date | null;
}

export class UpdateApiKeyDto {
  @TextField({ maxLength: 100, example: 'CI pipeline (staging)' })
  name: string;
}

export class ApiKeyQueryDto extends PageQueryDto {}

export class ApiKeyResponseDto {
  @ApiProperty({ example: 4 }) id: number;
  @ApiProperty({ example: 'CI pipeline' }) name: string;
  @ApiProperty({ example: 'aura_Xk3f9QaZ', description: 'The first characters of the key, to tell keys apart' }) keyPrefix: string;
  @ApiProperty({ example: 'viewer', description: 'Name of the role the key acts with' }) role: string;
  @ApiProperty({ example: 6 }) roleId: number;
  @ApiProperty({ type: Number, nullable: true, example: 7, description: 'The user who created the key' }) createdById: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class CreatedApiKeyResponseDto extends ApiKeyResponseDto {
  @ApiProperty({
    example: 'aura_Xk3f9QaZ1b2c3d4e5f6g7h8i9j0kLmNoPqRsTuVwXy',
    description: 'The secret key, sent as `X-API-Key`. Shown only in this response: store it now.',
  })
  key: string;
}

/** The only mapping from a key row to a response: the hash never leaves through here. */
export function toApiKeyResponse(apiKey: ApiKey, role: Pick<Role, 'name'>): ApiKeyResponseDto {
  return {
    id: apiKey.id,
    name: apiKey.name,
    keyPrefix: apiKey.keyPrefix,
    role: role.name,
    roleId: apiKey.roleId,
    createdById: apiKey.createdById,
    expiresAt: apiKey.expiresAt,
    lastUsedAt: apiKey.lastUsedAt,
    createdAt: apiKey.createdAt,
  };
}
