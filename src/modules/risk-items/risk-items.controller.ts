import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, type StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions } from '../../common/auth/access.decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiErrors } from '../../common/decorators/api-errors.decorator.js';
import { ApiPaginatedResponse, type Paginated } from '../../common/pagination/paginated.js';
import { Permission } from '../../common/permissions/permissions.js';
import { IdParamPipe } from '../../common/validation/id-param.pipe.js';
import {
  CreateRiskItemDto,
  RiskItemExportQueryDto,
  RiskItemQueryDto,
  RiskItemResponseDto,
  UpdateRiskItemDto,
} from './dto/risk-item.dto.js';
import { RiskItemsService } from './risk-items.service.js';

@ApiTags('Risk items')
@Controller('api/v1/risk-items')
export class RiskItemsController {
  constructor(private readonly risks: RiskItemsService) {}

  @Get()
  @RequirePermissions(Permission.RisksRead)
  @ApiOperation({
    summary: 'List the risk register of your organization',
    description:
      'Filters: status, severity, impact, likelihood, category (comma-separated for several), aiSystemId, createdById; ' +
      'q searches title, description and systemDetails. Severity, impact and likelihood sort by rank (low < medium < high < critical).',
  })
  @ApiPaginatedResponse(RiskItemResponseDto)
  @ApiErrors(400)
  list(@CurrentPrincipal() principal: Principal, @Query() query: RiskItemQueryDto): Promise<Paginated<RiskItemResponseDto>> {
    return this.risks.list(principal, query);
  }

  // Declared before ':id' so that "export.csv" is not taken for an id.
  @Get('export.csv')
  @RequirePermissions(Permission.RisksRead)
  @ApiOperation({
    summary: 'Download the filtered risk register as CSV',
    description:
      'Same filters, q and sort as the list, without paging. RFC 4180 with a header row and the AI system name; ' +
      'cells starting with = + - @ tab or CR get a leading apostrophe so spreadsheets do not run them as formulas.',
  })
  // The media type is set on the 200 response alone: @ApiProduces would label the JSON error responses text/csv too.
  @ApiOkResponse({
    description: 'The CSV file, sent as an attachment named risk-items.csv',
    headers: { 'Content-Disposition': { description: 'attachment; filename="risk-items.csv"', schema: { type: 'string' } } },
    content: {
      'text/csv': {
        schema: {
          type: 'string',
          example:
            'id,title,description,status,severity,impact,likelihood,category,systemDetails,aiSystemId,aiSystemName,createdById,createdAt,updatedAt\r\n' +
            '42,Training data bias,,open,high,high,medium,bias,,12,Credit scoring model,7,2026-01-15T09:00:00.000Z,2026-01-15T09:00:00.000Z\r\n',
        },
      },
    },
  })
  @ApiErrors(400)
  exportCsv(@CurrentPrincipal() principal: Principal, @Query() query: RiskItemExportQueryDto): Promise<StreamableFile> {
    return this.risks.exportCsv(principal, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.RisksRead)
  @ApiOperation({ summary: 'Get a risk item' })
  @ApiOkResponse({ type: RiskItemResponseDto })
  @ApiErrors(400, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<RiskItemResponseDto> {
    return this.risks.get(principal, id);
  }

  @Post()
  @RequirePermissions(Permission.RisksWrite)
  @ApiOperation({ summary: 'Record a risk in the register' })
  @ApiCreatedResponse({ type: RiskItemResponseDto })
  @ApiErrors(400)
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateRiskItemDto): Promise<RiskItemResponseDto> {
    return this.risks.create(principal, dto);
  }

  @Patch(':id')
  @RequirePermissions(Permission.RisksWrite)
  @ApiOperation({ summary: 'Update some fields of a risk item' })
  @ApiOkResponse({ type: RiskItemResponseDto })
  @ApiErrors(400, 404)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParamPipe) id: number,
    @Body() dto: UpdateRiskItemDto,
  ): Promise<RiskItemResponseDto> {
    return this.risks.update(principal, id, dto);
  }

  @Put(':id')
  @RequirePermissions(Permission.RisksWrite)
  @ApiOperation({ summary: 'Replace a risk item (description, systemDetails and aiSystemId left out are cleared)' })
  @ApiOkResponse({ type: RiskItemResponseDto })
  @ApiErrors(400, 404)
  replace(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParamPipe) id: number,
    @Body() dto: CreateRiskItemDto,
  ): Promise<RiskItemResponseDto> {
    return this.risks.replace(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(Permission.RisksWrite)
  @ApiOperation({ summary: 'Delete a risk item', description: 'Its mitigations are deleted with it.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<void> {
    return this.risks.remove(principal, id);
  }
}
