import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions } from '../../common/auth/access.decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiErrors } from '../../common/decorators/api-errors.decorator.js';
import { ApiPaginatedResponse, type Paginated } from '../../common/pagination/paginated.js';
import { Permission } from '../../common/permissions/permissions.js';
import { IdParamPipe } from '../../common/validation/id-param.pipe.js';
import {
  CreateFrontierAlertConfigDto,
  FrontierAlertConfigQueryDto,
  FrontierAlertConfigResponseDto,
  FrontierAlertQueryDto,
  FrontierAlertResponseDto,
  UpdateFrontierAlertConfigDto,
} from './dto/frontier-alert.dto.js';
import { FrontierAlertSuggestionDto } from './dto/frontier-suggestion.dto.js';
import { FrontierAlertsService } from './frontier-alerts.service.js';
import { FrontierSuggestionsService } from './frontier-suggestions.service.js';

@ApiTags('Frontier alerts')
@Controller('api/v1/frontier-alert-configs')
export class FrontierAlertConfigsController {
  constructor(
    private readonly alerts: FrontierAlertsService,
    private readonly suggestions: FrontierSuggestionsService,
  ) {}

  /** Declared before `:id`. */
  @Get('suggestions')
  @RequirePermissions(Permission.FrontierAlertsRead)
  @ApiOperation({
    summary: 'Suggest alert configs from your GitHub scans',
    description:
      'For each model provider whose SDK or framework your GitHub AI-usage scans found (e.g. the openai package → OpenAI), its catalog models with the security and deprecation categories you do not follow yet. Empty without scan results.',
  })
  @ApiOkResponse({ type: [FrontierAlertSuggestionDto] })
  suggest(@CurrentPrincipal() principal: Principal): Promise<FrontierAlertSuggestionDto[]> {
    return this.suggestions.suggest(principal);
  }

  @Get()
  @RequirePermissions(Permission.FrontierAlertsRead)
  @ApiOperation({ summary: 'List the models and categories your organization follows', description: 'Filters: modelId, category.' })
  @ApiPaginatedResponse(FrontierAlertConfigResponseDto)
  @ApiErrors(400)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: FrontierAlertConfigQueryDto,
  ): Promise<Paginated<FrontierAlertConfigResponseDto>> {
    return this.alerts.listConfigs(principal, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.FrontierAlertsRead)
  @ApiOperation({ summary: 'Get an alert config' })
  @ApiOkResponse({ type: FrontierAlertConfigResponseDto })
  @ApiErrors(400, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<FrontierAlertConfigResponseDto> {
    return this.alerts.getConfig(principal, id);
  }

  @Post()
  @RequirePermissions(Permission.FrontierAlertsWrite)
  @ApiOperation({
    summary: 'Follow a catalog model in one category',
    description:
      'Items fetched from then on that name the model (or concern its provider as a whole, see the README) in that category become alerts.',
  })
  @ApiCreatedResponse({ type: FrontierAlertConfigResponseDto })
  @ApiErrors(400, 409)
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateFrontierAlertConfigDto): Promise<FrontierAlertConfigResponseDto> {
    return this.alerts.createConfig(principal, dto);
  }

  @Patch(':id')
  @RequirePermissions(Permission.FrontierAlertsWrite)
  @ApiOperation({ summary: 'Change the model or category of an alert config' })
  @ApiOkResponse({ type: FrontierAlertConfigResponseDto })
  @ApiErrors(400, 404, 409)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParamPipe) id: number,
    @Body() dto: UpdateFrontierAlertConfigDto,
  ): Promise<FrontierAlertConfigResponseDto> {
    return this.alerts.updateConfig(principal, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(Permission.FrontierAlertsWrite)
  @ApiOperation({ summary: 'Stop following (its alerts are deleted with it)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<void> {
    return this.alerts.removeConfig(principal, id);
  }
}

@ApiTags('Frontier alerts')
@Controller('api/v1/frontier-alerts')
export class FrontierAlertsController {
  constructor(private readonly alerts: FrontierAlertsService) {}

  @Get()
  @RequirePermissions(Permission.FrontierAlertsRead)
  @ApiOperation({
    summary: 'List your organization’s frontier-model alerts',
    description: 'Filters: modelId (catalog id), category, since (datePublished ≥); q searches title and description. Newest first.',
  })
  @ApiPaginatedResponse(FrontierAlertResponseDto)
  @ApiErrors(400)
  list(@CurrentPrincipal() principal: Principal, @Query() query: FrontierAlertQueryDto): Promise<Paginated<FrontierAlertResponseDto>> {
    return this.alerts.listAlerts(principal, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.FrontierAlertsRead)
  @ApiOperation({ summary: 'Get an alert' })
  @ApiOkResponse({ type: FrontierAlertResponseDto })
  @ApiErrors(400, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParamPipe) id: number): Promise<FrontierAlertResponseDto> {
    return this.alerts.getAlert(principal, id);
  }
}
