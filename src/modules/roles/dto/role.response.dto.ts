import { ApiProperty } from '@nestjs/swagger';
import type { Role } from '../entities/role.entity.js';

export class RoleResponseDto {
  @ApiProperty({ example: 2 }) id: number;
  @ApiProperty({ example: 'risk_manager' }) name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: [String], example: ['risks:read', 'risks:write'] }) permissions: string[];
}

export function toRoleResponse(role: Role): RoleResponseDto {
  return { id: role.id, name: role.name, description: role.description, permissions: [...role.permissions].sort() };
}
