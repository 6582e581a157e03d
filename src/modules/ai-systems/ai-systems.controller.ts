import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions } from '../../common/auth/access.decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiErrors } from '../../common/decorators/api-errors.decorator.js';
import { ApiPaginatedResponse, type Paginated } from '../../common/pagination/paginated.js';
import { Permission } from '../../common/permissions/permissions.js';
import { IdParamPipe } from '../../common/validation/id-param.pipe.js';
import { AiSystemsService } from './ai-systems.service.js';
import { AiSystemQueryDto, AiSystemResponseDto, CreateAiSystemDto, UpdateAiSystemDto } from './dto/ai-system.dto.js';

@ApiTags('AI systems')
@Controller('api/v1/ai-systems')
export class AiSystemsController {
  constructor(private readonly systems: AiSystemsService) {}

  @Get()
  @RequirePermissions(Permission.AiSystemsRead)
  @ApiOperation({
    summary: 'List the AI systems of your organization',
    description: 'Filters: status, riskLevel, ownerId; q searches name, description and version.',
  })
  @ApiPaginatedResponse(AiSystemResponseDto)
  @ApiErrors(400)
  list(@CurrentPrincipal() principal: Principal, @Query() query: AiSystemQueryDto): Promise<Paginated<AiSystemResponseDto>> {
    return this.systems.list(principal, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.AiSystemsRead)
  @ApiOperation({ summary: 'Get an AI system' })
  @ApiOkResponse({ type: AiSystemResponseDto })
  @ApiErrors(400, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<AiSystemResponseDto> {
    return this.systems.get(principal, id);
  }

  @Post()
  @RequirePermissions(Permission.AiSystemsWrite)
  @ApiOperation({ summary: 'Register an AI system in the inventory' })
  @ApiCreatedResponse({ type: AiSystemResponseDto })
  @ApiErrors(400)
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateAiSystemDto): Promise<AiSystemResponseDto> {
    return this.systems.create(principal, dto);
  }

  @Patch(':id')
  @RequirePermissions(Permission.AiSystemsWrite)
  @ApiOperation({ summary: 'Update some fields of an AI system' })
  @ApiOkResponse({ type: AiSystemResponseDto })
  @ApiErrors(400, 404)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParamPipe) id: number,
    @Body() dto: UpdateAiSystemDto,
  ): Promise<AiSystemResponseDto> {
    return this.systems.update(principal, id, dto);
  }

  @Put(':id')
  @RequirePermissions(Permission.AiSystemsWrite)
  @ApiOperation({ summary: 'Replace an AI system (fields left out are reset to their defaults)' })
  @ApiOkResponse({ type: AiSystemResponseDto })
  @ApiErrors(400, 404)
  replace(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParamPipe) id: number,
    @Body() dto: CreateAiSystemDto,
  ): Promise<AiSystemResponseDto> {
    return this.systems.replace(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(Permission.AiSystemsWrite)
  @ApiOperation({ summary: 'Delete an AI system', description: 'Its risk items and compliance issues stay, unlinked.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<void> {
    return this.systems.remove(principal, id);
  }
}
