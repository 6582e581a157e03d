import { ApiProperty } from '@nestjs/swagger';
import { FRONTIER_ALERT_CATEGORIES } from '../frontier.constants.js';
import { FrontierModelRefDto } from './frontier-model.dto.js';

export class SuggestedModelDto {
  @ApiProperty({ type: FrontierModelRefDto }) model: FrontierModelRefDto;

  @ApiProperty({
    enum: FRONTIER_ALERT_CATEGORIES,
    isArray: true,
    example: ['security', 'deprecation'],
    description: 'Categories not followed yet',
  })
  categories: string[];
}

export class FrontierAlertSuggestionDto {
  @ApiProperty({ example: 'OpenAI' }) provider: string;
  @ApiProperty({ type: [String], example: ['OpenAI'], description: 'Frameworks the GitHub scans found that call this provider' })
  frameworks: string[];
  @ApiProperty({ example: 4 }) repositoryCount: number;
  @ApiProperty({ type: [String], example: ['chatbot', 'support-agent'], description: 'Up to 10 of those repositories' })
  repositories: string[];
  @ApiProperty({
    type: [SuggestedModelDto],
    description: 'The provider’s catalog models, newest first, with the categories still to follow',
  })
  models: SuggestedModelDto[];
}
