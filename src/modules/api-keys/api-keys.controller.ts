import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions } from '../../common/auth/access.decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiErrors } from '../../common/decorators/api-errors.decorator.js';
import { ApiPaginatedResponse, type Paginated } from '../../common/pagination/paginated.js';
import { Permission } from '../../common/permissions/permissions.js';
import { IdParamPipe } from '../../common/validation/id-param.pipe.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeyQueryDto, ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyResponseDto, UpdateApiKeyDto } from './dto/api-key.dto.js';

@ApiTags('API keys')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @RequirePermissions(Permission.OrganizationWrite)
  @ApiOperation({
    summary: 'List the integration keys of your organization',
    description: 'q searches the name. Keys themselves are never shown.',
  })
  @ApiPaginatedResponse(ApiKeyResponseDto)
  @ApiErrors(400)
  list(@CurrentPrincipal() principal: Principal, @Query() query: ApiKeyQueryDto): Promise<Paginated<ApiKeyResponseDto>> {
    return this.keys.list(principal, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.OrganizationWrite)
  @ApiOperation({ summary: 'Get an integration key (without the key itself)' })
  @ApiOkResponse({ type: ApiKeyResponseDto })
  @ApiErrors(400, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<ApiKeyResponseDto> {
    return this.keys.get(principal, id);
  }

  @Post()
  @RequirePermissions(Permission.OrganizationWrite)
  @ApiOperation({
    summary: 'Create an integration key',
    description:
      'The key (send it as `X-API-Key`) is in this response only. It acts within your organization with the chosen role ' +
      '(roleId or role name, default your own role; never one with permissions you lack), minus platform permissions.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto })
  @ApiErrors(400)
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyResponseDto> {
    return this.keys.create(principal, dto);
  }

  @Patch(':id')
  @RequirePermissions(Permission.OrganizationWrite)
  @ApiOperation({ summary: 'Rename an integration key' })
  @ApiOkResponse({ type: ApiKeyResponseDto })
  @ApiErrors(400, 404)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParamPipe) id: number,
    @Body() dto: UpdateApiKeyDto,
  ): Promise<ApiKeyResponseDto> {
    return this.keys.update(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(Permission.OrganizationWrite)
  @ApiOperation({ summary: 'Revoke an integration key', description: 'The key stops working at once.' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors(400, 404)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<void> {
    return this.keys.remove(principal, id);
  }
}
