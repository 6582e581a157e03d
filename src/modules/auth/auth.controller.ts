import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiThrottled, CurrentPrincipal, Public, SignedIn } from '../../common/auth/access.decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiErrors } from '../../common/decorators/api-errors.decorator.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { AuthService } from './auth.service.js';
import { AuthTokenResponseDto, CurrentUserResponseDto, LoginDto, RegisterDto } from './dto/auth.dto.js';

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
}
