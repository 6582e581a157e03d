import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions } from '../../common/auth/access.decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiErrors } from '../../common/decorators/api-errors.decorator.js';
import { ApiPaginatedResponse, type Paginated } from '../../common/pagination/paginated.js';
import { Permission } from '../../common/permissions/permissions.js';
import { IdParamPipe } from '../../common/validation/id-param.pipe.js';
import { CreateMitigationDto, MitigationQueryDto, MitigationResponseDto, UpdateMitigationDto } from './dto/mitigation.dto.js';
import { MitigationsService } from './mitigations.service.js';

@ApiTags('Risk mitigations')
@Controller('api/v1/risk-items/:riskItemId/mitigations')
export class MitigationsController {
  constructor(private readonly mitigations: MitigationsService) {}

  @Get()
  @RequirePermissions(Permission.RisksRead)
  @ApiOperation({ summary: 'List the mitigations of a risk item', description: 'Filter: status; q searches description and notes.' })
  @ApiPaginatedResponse(MitigationResponseDto)
  @ApiErrors(400, 404)
  list(
    @CurrentPrincipal() principal: Principal,
    @Param('riskItemId', IdParamPipe) riskItemId: number,
    @Query() query: MitigationQueryDto,
  ): Promise<Paginated<MitigationResponseDto>> {
    return this.mitigations.list(principal, riskItemId, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.RisksRead)
  @ApiOperation({ summary: 'Get a mitigation of a risk item' })
  @ApiOkResponse({ type: MitigationResponseDto })
  @ApiErrors(400, 404)
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('riskItemId', IdParamPipe) riskItemId: number,
    @Param('id', IdParamPipe) id: number,
  ): Promise<MitigationResponseDto> {
    return this.mitigations.get(principal, riskItemId, id);
  }

  @Post()
  @RequirePermissions(Permission.RisksWrite)
  @ApiOperation({ summary: 'Add a mitigation to a risk item' })
  @ApiCreatedResponse({ type: MitigationResponseDto })
  @ApiErrors(400, 404)
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('riskItemId', IdParamPipe) riskItemId: number,
    @Body() dto: CreateMitigationDto,
  ): Promise<MitigationResponseDto> {
    return this.mitigations.create(principal, riskItemId, dto);
  }

  @Patch(':id')
  @RequirePermissions(Permission.RisksWrite)
  @ApiOperation({ summary: 'Update some fields of a mitigation' })
  @ApiOkResponse({ type: MitigationResponseDto })
  @ApiErrors(400, 404)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('riskItemId', IdParamPipe) riskItemId: number,
    @Param('id', IdParamPipe) id: number,
    @Body() dto: UpdateMitigationDto,
  ): Promise<MitigationResponseDto> {
    return this.mitigations.update(principal, riskItemId, id, dto);
  }

  @Put(':id')
  @RequirePermissions(Permission.RisksWrite)
  @ApiOperation({ summary: 'Replace a mitigation (notes left out are cleared)' })
  @ApiOkResponse({ type: MitigationResponseDto })
  @ApiErrors(400, 404)
  replace(
    @CurrentPrincipal() principal: Principal,
    @Param('riskItemId', IdParamPipe) riskItemId: number,
    @Param('id', IdParamPipe) id: number,
    @Body() dto: CreateMitigationDto,
  ): Promise<MitigationResponseDto> {
    return this.mitigations.replace(principal, riskItemId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(Permission.RisksWrite)
  @ApiOperation({ summary: 'Delete a mitigation' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404)
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('riskItemId', IdParamPipe) riskItemId: number,
    @Param('id', IdParamPipe) id: number,
  ): Promise<void> {
    return this.mitigations.remove(principal, riskItemId, id);
  }
}
