import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public feeds listed in the sources survey, added disabled: a platform admin enables the
 * ones the deployment may reach (and adds API keys or narrower queries where the host wants them).
 */
const DEFAULT_SOURCES: Array<{ name: string; url: string; kind: string; provider: string | null }> = [
  { name: 'OpenAI News', url: 'https://openai.com/news/rss.xml', kind: 'rss', provider: 'OpenAI' },
  { name: 'OpenAI status', url: 'https://status.openai.com/history.atom', kind: 'atom', provider: 'OpenAI' },
  { name: 'Anthropic status', url: 'https://status.anthropic.com/history.rss', kind: 'rss', provider: 'Anthropic' },
  { name: 'Google DeepMind blog', url: 'https://deepmind.google/blog/rss.xml', kind: 'rss', provider: 'Google' },
  { name: 'Google AI (The Keyword)', url: 'https://blog.google/technology/ai/rss/', kind: 'rss', provider: 'Google' },
  { name: 'Hugging Face blog', url: 'https://huggingface.co/blog/feed.xml', kind: 'rss', provider: null },
  { name: 'AWS What’s New', url: 'https://aws.amazon.com/about-aws/whats-new/recent/feed/', kind: 'rss', provider: null },
  {
    name: 'GitHub advisories: openai (PyPI)',
    url: 'https://api.github.com/advisories?ecosystem=pip&affects=openai',
    kind: 'osv',
    provider: null,
  },
  {
    name: 'GitHub advisories: anthropic (PyPI)',
    url: 'https://api.github.com/advisories?ecosystem=pip&affects=anthropic',
    kind: 'osv',
    provider: null,
  },
  { name: 'AI Incident Database', url: 'https://incidentdatabase.ai/rss.xml', kind: 'rss', provider: null },
];

export class FrontierDefaultSources1796200000002 implements MigrationInterface {
  name = 'FrontierDefaultSources1796200000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const source of DEFAULT_SOURCES) {
      await queryRunner.query(
        `INSERT INTO "frontier_sources" ("name", "url", "kind", "provider", "enabled") VALUES ($1, $2, $3, $4, false) ON CONFLICT ("url") DO NOTHING`,
        [source.name, source.url, source.kind, source.provider],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Only the untouched defaults: a source an admin enabled or that has been fetched stays.
    await queryRunner.query(`DELETE FROM "frontier_sources" WHERE "url" = ANY($1) AND NOT "enabled" AND "last_fetched_at" IS NULL`, [
      DEFAULT_SOURCES.map((source) => source.url),
    ]);
  }
}
