import { ApiProperty } from '@nestjs/swagger';
import { TextField } from '../../../common/validation/fields.js';
import type { Organization } from '../entities/organization.entity.js';

export class UpdateOrganizationDto {
  @TextField({ maxLength: 200, example: 'Acme Bank' })
  name: string;
}

export class OrganizationResponseDto {
  @ApiProperty({ example: 3 }) id: number;
  @ApiProperty({ example: 'Acme Bank' }) name: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export function toOrganizationResponse(organization: Organization): OrganizationResponseDto {
  return { id: organization.id, name: organization.name, createdAt: organization.createdAt };
}
