import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { TextField } from '../../../common/validation/fields.js';
import { EmailField, PasswordField, UsernameField } from '../../users/dto/user-fields.js';
import { UserResponseDto } from '../../users/dto/user.response.dto.js';

export class RegisterDto {
  @TextField({ maxLength: 200, example: 'Acme Bank', description: 'Name of the new organization' })
  organizationName: string;

  @UsernameField()
  username: string;

  @EmailField()
  email: string;

  @PasswordField()
  password: string;

  @TextField({ maxLength: 100, optional: true, nullable: true, example: 'Ada' })
  firstName?: string | null;

  @TextField({ maxLength: 100, optional: true, nullable: true, example: 'Lovelace' })
  lastName?: string | null;
}

export class LoginDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({ example: 'correct horse battery staple', maxLength: 256 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password: string;
}

export class OrganizationSummaryDto {
  @ApiProperty({ example: 3 }) id: number;
  @ApiProperty({ example: 'Acme Bank' }) name: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class CurrentUserResponseDto extends UserResponseDto {
  @ApiProperty({ type: OrganizationSummaryDto }) organization: OrganizationSummaryDto;
  @ApiProperty({ type: [String], example: ['risks:read', 'risks:write'] }) permissions: string[];
  @ApiProperty({ enum: ['user', 'api_key'], description: 'How the caller authenticated' }) authenticatedBy: 'user' | 'api_key';
}

export class AuthTokenResponseDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…' }) accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ example: 3600, description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ type: CurrentUserResponseDto }) user: CurrentUserResponseDto;
}

export class UpdateProfileDto {
  @TextField({ maxLength: 100, optional: true, nullable: true, example: 'Ada' })
  firstName?: string | null;

  @TextField({ maxLength: 100, optional: true, nullable: true, example: 'Lovelace' })
  lastName?: string | null;

  @TextField({ maxLength: 2000, optional: true, nullable: true, example: 'https://example.com/ada.png' })
  avatarUrl?: string | null;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'correct horse battery staple', maxLength: 256 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  currentPassword: string;

  @PasswordField()
  newPassword: string;
}
