import { ApiProperty } from '@nestjs/swagger';
import type { Role } from '../../roles/entities/role.entity.js';
import type { User } from '../entities/user.entity.js';

export class UserResponseDto {
  @ApiProperty({ example: 7 }) id: number;
  @ApiProperty({ example: 'ada' }) username: string;
  @ApiProperty({ example: 'ada@example.com' }) email: string;
  @ApiProperty({ type: String, nullable: true, example: 'Ada' }) firstName: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Lovelace' }) lastName: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) avatarUrl: string | null;
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ example: 3 }) organizationId: number;
  @ApiProperty({ example: 2 }) roleId: number;
  @ApiProperty({ example: 'admin', description: 'Name of the role' }) role: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt: Date | null;
}

/** The only mapping from a user row to a response: the password hash can never leak from here. */
export function toUserResponse(user: User, role: Pick<Role, 'name'>): UserResponseDto {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    avatarUrl: user.avatarUrl,
    active: user.active,
    organizationId: user.organizationId,
    roleId: user.roleId,
    role: role.name,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    lastLoginAt: user.lastLoginAt,
  };
}
