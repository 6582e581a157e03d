import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions } from '../../common/auth/access.decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiErrors } from '../../common/decorators/api-errors.decorator.js';
import { ApiPaginatedResponse, type Paginated } from '../../common/pagination/paginated.js';
import { Permission } from '../../common/permissions/permissions.js';
import { IdParamPipe } from '../../common/validation/id-param.pipe.js';
import { CreateUserDto, UpdateUserDto, UserQueryDto } from './dto/user.dto.js';
import { UserResponseDto } from './dto/user.response.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('Users')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermissions(Permission.UsersRead)
  @ApiOperation({ summary: 'List the users of your organization' })
  @ApiPaginatedResponse(UserResponseDto)
  @ApiErrors(400)
  list(@CurrentPrincipal() principal: Principal, @Query() query: UserQueryDto): Promise<Paginated<UserResponseDto>> {
    return this.users.list(principal, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.UsersRead)
  @ApiOperation({ summary: 'Get a user of your organization' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrors(400, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<UserResponseDto> {
    return this.users.get(principal, id);
  }

  @Post()
  @RequirePermissions(Permission.UsersWrite)
  @ApiOperation({
    summary: 'Add a user to your organization',
    description: 'The role (roleId or role name, default viewer) may not hold permissions you lack.',
  })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiErrors(400, 409)
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateUserDto): Promise<UserResponseDto> {
    return this.users.create(principal, dto);
  }

  @Patch(':id')
  @RequirePermissions(Permission.UsersWrite)
  @ApiOperation({
    summary: 'Update a user of your organization',
    description: 'You cannot change your own role, deactivate yourself, or grant a role above your own.',
  })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrors(400, 404, 409)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParamPipe) id: number,
    @Body() dto: UpdateUserDto,
  ): Promise<UserResponseDto> {
    return this.users.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(Permission.UsersWrite)
  @ApiOperation({ summary: 'Delete a user of your organization', description: 'Their records stay, with the creator cleared.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<void> {
    return this.users.remove(principal, id);
  }
}
