import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { BooleanField, IdField, QueryBooleanFilter, QueryIdFilter, TextField } from '../../../common/validation/fields.js';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { EmailField, PasswordField, UsernameField } from './user-fields.js';

export class CreateUserDto {
  @UsernameField()
  username: string;

  @EmailField()
  email: string;

  @PasswordField()
  password: string;

  @TextField({ maxLength: 100, optional: true, nullable: true, example: 'Grace' })
  firstName?: string | null;

  @TextField({ maxLength: 100, optional: true, nullable: true, example: 'Hopper' })
  lastName?: string | null;

  @TextField({ maxLength: 2000, optional: true, nullable: true, example: 'https://example.com/avatar.png' })
  avatarUrl?: string | null;

  @BooleanField({ optional: true, description: 'Inactive users cannot sign in. Default true.' })
  active?: boolean;

  @IdField({ optional: true, description: 'Role id (see GET /api/v1/roles). Default: the viewer role.' })
  roleId?: number;

  @ApiPropertyOptional({ example: 'risk_manager', description: 'Role name, instead of roleId.' })
  // Not IsOptional: null must be refused, not passed on as "no role" to the lookup.
  @ValidateIf((_o, v) => v !== undefined)
  @IsString()
  @MaxLength(100)
  role?: string;
}

export class UpdateUserDto extends PartialType(CreateUserDto, { skipNullProperties: false }) {}

export class UserQueryDto extends PageQueryDto {
  @QueryIdFilter('Only users with this role id')
  roleId?: number;

  @ApiPropertyOptional({ description: 'Only users with this role name', example: 'viewer' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  role?: string;

  @QueryBooleanFilter('Only active (true) or inactive (false) users')
  active?: boolean;
}
