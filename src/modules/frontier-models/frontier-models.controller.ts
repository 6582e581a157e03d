import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions, SignedIn } from '../../common/auth/access.decorators.js';
import { ApiErrors } from '../../common/decorators/api-errors.decorator.js';
import { ApiPaginatedResponse, type Paginated } from '../../common/pagination/paginated.js';
import { Permission } from '../../common/permissions/permissions.js';
import { IdParamPipe } from '../../common/validation/id-param.pipe.js';
import {
  CreateFrontierModelDto,
  FrontierModelQueryDto,
  FrontierModelResponseDto,
  UpdateFrontierModelDto,
} from './dto/frontier-model.dto.js';
import {
  CreateFrontierSourceDto,
  FetchRunResponseDto,
  FrontierSourceQueryDto,
  FrontierSourceResponseDto,
  UpdateFrontierSourceDto,
} from './dto/frontier-source.dto.js';
import { FrontierCatalogService } from './frontier-catalog.service.js';
import { FrontierSourcesService } from './frontier-sources.service.js';

/** Declared before FrontierModelsController so that `sources` is never read as a model `:id`. */
@ApiTags('Frontier models')
@Controller('api/v1/frontier-models/sources')
export class FrontierSourcesController {
  constructor(private readonly sources: FrontierSourcesService) {}

  @Get()
  @RequirePermissions(Permission.FrontierSourcesManage)
  @ApiOperation({
    summary: 'List the feed sources (platform admins)',
    description: 'Filters: kind, status, enabled; q searches name, url and provider.',
  })
  @ApiPaginatedResponse(FrontierSourceResponseDto)
  @ApiErrors(400)
  list(@Query() query: FrontierSourceQueryDto): Promise<Paginated<FrontierSourceResponseDto>> {
    return this.sources.list(query);
  }

  @Post('fetch')
  @HttpCode(202)
  @RequirePermissions(Permission.FrontierSourcesManage)
  @ApiOperation({
    summary: 'Fetch every enabled source now',
    description:
      'Queues a run (the FRONTIER_FETCH_CRON schedule does the same); sources backing off after repeated failures are skipped. Each source records its own outcome.',
  })
  @ApiAcceptedResponse({ type: FetchRunResponseDto })
  fetchNow(): Promise<FetchRunResponseDto> {
    return this.sources.fetchNow();
  }

  @Get(':id')
  @RequirePermissions(Permission.FrontierSourcesManage)
  @ApiOperation({ summary: 'Get a feed source with its last fetch status' })
  @ApiOkResponse({ type: FrontierSourceResponseDto })
  @ApiErrors(400, 404)
  get(@Param('id', IdParamPipe) id: number): Promise<FrontierSourceResponseDto> {
    return this.sources.get(id);
  }

  @Post()
  @RequirePermissions(Permission.FrontierSourcesManage)
  @ApiOperation({ summary: 'Add a feed source' })
  @ApiCreatedResponse({ type: FrontierSourceResponseDto })
  @ApiErrors(400, 409)
  create(@Body() dto: CreateFrontierSourceDto): Promise<FrontierSourceResponseDto> {
    return this.sources.create(dto);
  }

  @Patch(':id')
  @RequirePermissions(Permission.FrontierSourcesManage)
  @ApiOperation({ summary: 'Update a feed source', description: 'A new url or kind resets the stored validators and failure history.' })
  @ApiOkResponse({ type: FrontierSourceResponseDto })
  @ApiErrors(400, 404, 409)
  update(@Param('id', IdParamPipe) id: number, @Body() dto: UpdateFrontierSourceDto): Promise<FrontierSourceResponseDto> {
    return this.sources.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(Permission.FrontierSourcesManage)
  @ApiOperation({ summary: 'Delete a feed source', description: 'Items and alerts it delivered stay.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404)
  remove(@Param('id', IdParamPipe) id: number): Promise<void> {
    return this.sources.remove(id);
  }
}

@ApiTags('Frontier models')
@Controller('api/v1/frontier-models')
export class FrontierModelsController {
  constructor(private readonly catalog: FrontierCatalogService) {}

  @Get()
  @SignedIn()
  @ApiOperation({
    summary: 'List the frontier-model catalog',
    description: 'Filters: provider (case-insensitive); q searches modelId, name, description and aliases.',
  })
  @ApiPaginatedResponse(FrontierModelResponseDto)
  @ApiErrors(400)
  list(@Query() query: FrontierModelQueryDto): Promise<Paginated<FrontierModelResponseDto>> {
    return this.catalog.list(query);
  }

  @Get(':id')
  @SignedIn()
  @ApiOperation({ summary: 'Get a catalog model' })
  @ApiOkResponse({ type: FrontierModelResponseDto })
  @ApiErrors(400, 404)
  get(@Param('id', IdParamPipe) id: number): Promise<FrontierModelResponseDto> {
    return this.catalog.get(id);
  }

  @Post()
  @RequirePermissions(Permission.FrontierModelsWrite)
  @ApiOperation({ summary: 'Add a model to the catalog (platform admins)' })
  @ApiCreatedResponse({ type: FrontierModelResponseDto })
  @ApiErrors(400, 409)
  create(@Body() dto: CreateFrontierModelDto): Promise<FrontierModelResponseDto> {
    return this.catalog.create(dto);
  }

  @Patch(':id')
  @RequirePermissions(Permission.FrontierModelsWrite)
  @ApiOperation({ summary: 'Update a catalog model (platform admins)' })
  @ApiOkResponse({ type: FrontierModelResponseDto })
  @ApiErrors(400, 404, 409)
  update(@Param('id', IdParamPipe) id: number, @Body() dto: UpdateFrontierModelDto): Promise<FrontierModelResponseDto> {
    return this.catalog.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(Permission.FrontierModelsWrite)
  @ApiOperation({
    summary: 'Delete a catalog model (platform admins)',
    description: 'Alert configs following it, and their alerts, are deleted with it.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 404)
  remove(@Param('id', IdParamPipe) id: number): Promise<void> {
    return this.catalog.remove(id);
  }
}
