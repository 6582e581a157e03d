import { ApiProperty } from '@nestjs/swagger';

const DEPENDENCIES_EXAMPLE = {
  database: { status: 'up' },
  redis: { status: 'up' },
  queues: { status: 'up', queues: ['github-scan', 'bias-analysis', 'frontier-fetch'] },
};

export class HealthResponseDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: DEPENDENCIES_EXAMPLE }) info?: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, example: {} }) error?: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, example: DEPENDENCIES_EXAMPLE }) details: Record<string, unknown>;
}

export class UnhealthyResponseDto {
  @ApiProperty({ example: 503 }) statusCode: number;
  @ApiProperty({ example: 'Service Unavailable' }) error: string;
  @ApiProperty({ example: 'Unhealthy: redis (Connection is closed.)' }) message: string;
  @ApiProperty({ enum: ['error'], example: 'error' }) status: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { database: { status: 'up' } } }) info: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { database: { status: 'up' }, redis: { status: 'down', message: 'Connection is closed.' } },
  })
  details: Record<string, unknown>;
}
