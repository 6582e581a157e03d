import { Body, Controller, Get, HttpCode, Ip, Patch, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiThrottled, CurrentPrincipal, Public, SignedIn } from '../../common/auth/access.decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiErrors } from '../../common/decorators/api-errors.decorator.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { AuthService } from './auth.service.js';
import {
  AuthTokenResponseDto,
  ChangePasswordDto,
  CurrentUserResponseDto,
  LoginDto,
  RegisterDto,
  UpdateProfileDto,
} from './dto/auth.dto.js';

@ApiTags('Auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @Public()
  @ApiOperation({
    summary: 'Register a new organization and its first admin',
    description: 'Open unless ALLOW_SIGNUP=false. Returns an access token for the new admin.',
  })
  @ApiCreatedResponse({ type: AuthTokenResponseDto })
  @ApiErrors(400, 409)
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Registration is disabled' })
  @ApiThrottled()
  register(@Body() dto: RegisterDto, @Ip() ip: string): Promise<AuthTokenResponseDto> {
    return this.auth.register(dto, ip);
  }

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Sign in with email and password', description: 'Repeated failures are throttled (429).' })
  @ApiOkResponse({ type: AuthTokenResponseDto })
  @ApiErrors(400)
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Wrong email or password' })
  @ApiThrottled()
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<AuthTokenResponseDto> {
    return this.auth.login(dto, ip);
  }

  @Get('me')
  @SignedIn()
  @ApiOperation({ summary: 'The signed-in user with organization, role name and permissions' })
  @ApiOkResponse({ type: CurrentUserResponseDto })
  me(@CurrentPrincipal() principal: Principal): Promise<CurrentUserResponseDto> {
    return this.auth.me(principal);
  }

  @Patch('me')
  @SignedIn()
  @ApiOperation({ summary: 'Update your own profile (names, avatar)', description: 'Users only, not API keys.' })
  @ApiOkResponse({ type: CurrentUserResponseDto })
  @ApiErrors(400)
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Called with an API key' })
  updateProfile(@CurrentPrincipal() principal: Principal, @Body() dto: UpdateProfileDto): Promise<CurrentUserResponseDto> {
    return this.auth.updateProfile(principal, dto);
  }

  @Post('change-password')
  @HttpCode(204)
  @SignedIn()
  @ApiOperation({
    summary: 'Change your own password',
    description: 'Needs the current password; wrong attempts are throttled like logins.',
  })
  @ApiNoContentResponse({ description: 'Password changed' })
  @ApiErrors(400)
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Called with an API key' })
  @ApiThrottled()
  changePassword(@CurrentPrincipal() principal: Principal, @Body() dto: ChangePasswordDto, @Ip() ip: string): Promise<void> {
    return this.auth.changePassword(principal, dto, ip);
  }
}
