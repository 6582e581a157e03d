import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorDetailDto {
  @ApiProperty({ example: 'severity' })
  field: string;

  @ApiProperty({ example: 'severity must be one of the following values: low, medium, high, critical' })
  message: string;
}

/** The error shape of every non-2xx response (NestJS's, with `message` always a string). */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'severity must be one of the following values: low, medium, high, critical' })
  message: string;

  @ApiPropertyOptional({ type: [ErrorDetailDto], description: 'Per-field validation problems (400 only).' })
  details?: ErrorDetailDto[];
}
