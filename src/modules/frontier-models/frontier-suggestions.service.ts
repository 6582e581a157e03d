import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { OrganizationScopedRepository, scopedRepositoryToken } from '../../common/tenancy/organization-scoped.repository.js';
import { GithubScanResult } from '../github-scans/entities/github-scan-result.entity.js';
import type { FrontierAlertSuggestionDto } from './dto/frontier-suggestion.dto.js';
import { toFrontierModelRef } from './dto/frontier-model.dto.js';
import { FrontierAlertConfig } from './entities/frontier-alert-config.entity.js';
import { FrontierModel } from './entities/frontier-model.entity.js';
import type { FrontierAlertCategory } from './frontier.constants.js';

/** GitHub scan frameworks (the scan knowledge base's canonical names) whose code calls a catalog provider's models. */
export const FRAMEWORK_PROVIDERS: Readonly<Record<string, string>> = {
  OpenAI: 'OpenAI',
  'OpenAI Whisper': 'OpenAI',
  Anthropic: 'Anthropic',
  'Google Gemini': 'Google',
  'Google Vertex AI': 'Google',
  'AWS Bedrock': 'Amazon',
  Mistral: 'Mistral AI',
  Cohere: 'Cohere',
};

/** What code that depends on a provider most needs to hear about. */
export const SUGGESTED_CATEGORIES: readonly FrontierAlertCategory[] = ['security', 'deprecation'];

const REPOSITORIES_SHOWN = 10;

/** Suggests alert configs for the providers the organization's GitHub scans found in its code. */
@Injectable()
export class FrontierSuggestionsService {
  constructor(
    @Inject(scopedRepositoryToken(GithubScanResult)) private readonly scanResults: OrganizationScopedRepository<GithubScanResult>,
    @Inject(scopedRepositoryToken(FrontierAlertConfig)) private readonly configs: OrganizationScopedRepository<FrontierAlertConfig>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async suggest(principal: Principal): Promise<FrontierAlertSuggestionDto[]> {
    const results = await this.scanResults
      .query(principal.organizationId, 'result')
      .select(['result.id', 'result.repositoryName', 'result.aiFrameworks'])
      .andWhere('result.hasAiUsage = true')
      .orderBy('result.repositoryName', 'ASC')
      .getMany();
    const byProvider = new Map<string, { frameworks: Set<string>; repositories: Set<string> }>();
    for (const result of results) {
      for (const framework of result.aiFrameworks) {
        const provider = FRAMEWORK_PROVIDERS[framework];
        if (!provider) continue;
        const entry = byProvider.get(provider) ?? { frameworks: new Set(), repositories: new Set() };
        entry.frameworks.add(framework);
        entry.repositories.add(result.repositoryName);
        byProvider.set(provider, entry);
      }
    }
    if (!byProvider.size) return [];

    const models = await this.dataSource
      .getRepository(FrontierModel)
      .find({ where: { provider: In([...byProvider.keys()]) }, order: { releaseDate: { direction: 'DESC', nulls: 'LAST' }, id: 'ASC' } });
    const followed = new Set(
      (await this.configs.query(principal.organizationId, 'config').getMany()).map((config) => `${config.modelId}/${config.category}`),
    );
    return [...byProvider.entries()]
      .map(([provider, { frameworks, repositories }]) => ({
        provider,
        frameworks: [...frameworks].sort(),
        repositoryCount: repositories.size,
        repositories: [...repositories].slice(0, REPOSITORIES_SHOWN),
        models: models
          .filter((model) => model.provider === provider)
          .map((model) => ({
            model: toFrontierModelRef(model),
            categories: SUGGESTED_CATEGORIES.filter((category) => !followed.has(`${model.id}/${category}`)),
          }))
          .filter((suggestion) => suggestion.categories.length),
      }))
      .filter((suggestion) => suggestion.models.length)
      .sort((a, b) => b.repositoryCount - a.repositoryCount || a.provider.localeCompare(b.provider));
  }
}
