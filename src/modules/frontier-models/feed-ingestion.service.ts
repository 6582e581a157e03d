import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { FrontierModel } from './entities/frontier-model.entity.js';
import type { FrontierSource } from './entities/frontier-source.entity.js';
import { categorize, PROVIDER_WIDE_CATEGORIES } from './feeds/categories.js';
import { contentHash, identityKeys, nativeIdOf } from './feeds/feed-identity.js';
import type { ParsedItem } from './feeds/feed-parsers.js';
import { ALERT_DESCRIPTION_MAX, truncate } from './feeds/feed-text.js';
import { FrontierModelMatcher } from './feeds/model-matcher.js';
import { ADVISORY_SOURCE_KINDS, type FrontierSourceKind } from './frontier.constants.js';

/** Serialises item ingestion across workers: lookups by identity key and inserts must not interleave. */
const INGEST_LOCK = 7_962_001;

export interface IngestSummary {
  items: number;
  created: number;
  updated: number;
  skipped: number;
  alerts: number;
  /** Webhook deliveries created for the new alerts, to be queued once the transaction is committed. */
  deliveries: Array<{ id: number; organizationId: number }>;
}

/**
 * Stores parsed items once (whatever the number of feeds or workers carrying them) and creates one
 * alert per matching organization config for each new item. An item already known by any of its
 * identities is updated in place (and its alerts' texts with it); it never creates alerts again.
 */
@Injectable()
export class FeedIngestionService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ingest(source: FrontierSource, items: ParsedItem[]): Promise<IngestSummary> {
    const isAdvisory = ADVISORY_SOURCE_KINDS.includes(source.kind as FrontierSourceKind);
    const summary: IngestSummary = { items: items.length, created: 0, updated: 0, skipped: 0, alerts: 0, deliveries: [] };
    const newAlerts: Array<{ id: number; organization_id: number }> = [];
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [INGEST_LOCK]);
      const matcher = new FrontierModelMatcher(
        await manager.getRepository(FrontierModel).find({ select: { id: true, provider: true, aliases: true } }),
      );
      const firstSeen = new Date();
      for (const item of items) {
        if (item.withdrawn) {
          summary.skipped++;
          continue;
        }
        const keys = identityKeys(source.id, item);
        const hash = contentHash(item);
        const known: Array<{ item_id: number }> = await manager.query(
          'SELECT item_id FROM frontier_feed_item_keys WHERE key = ANY($1) ORDER BY item_id LIMIT 1',
          [keys],
        );
        if (known.length) {
          if (await this.updateItem(manager, known[0].item_id, source.id, item, hash)) summary.updated++;
          await this.addKeys(manager, known[0].item_id, keys);
          continue;
        }
        const matchText = `${item.title}\n${item.text}`;
        const category = categorize(matchText, isAdvisory);
        let modelIds = matcher.match(matchText);
        if (!modelIds.length && PROVIDER_WIDE_CATEGORIES.includes(category)) modelIds = matcher.providerWide(matchText, source.provider);
        const [{ id }]: Array<{ id: number }> = await manager.query(
          `INSERT INTO frontier_feed_items
             (source_id, native_id, canonical_url, advisory_ids, title, text, url, published_at, content_hash, category, model_ids)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
          [
            source.id,
            nativeIdOf(item),
            keys.find((key) => key.startsWith('url:'))?.slice(4) ?? null,
            item.advisoryIds,
            item.title,
            item.text,
            item.url,
            item.publishedAt ?? firstSeen,
            hash,
            category,
            modelIds,
          ],
        );
        await this.addKeys(manager, id, keys);
        summary.created++;
        if (modelIds.length)
          newAlerts.push(...(await this.createAlerts(manager, id, item, item.publishedAt ?? firstSeen, modelIds, category)));
      }
      summary.alerts = newAlerts.length;
      if (newAlerts.length) summary.deliveries = await this.createDeliveries(manager, newAlerts);
    });
    return summary;
  }

  private async addKeys(manager: EntityManager, itemId: number, keys: string[]): Promise<void> {
    await manager.query('INSERT INTO frontier_feed_item_keys (key, item_id) SELECT unnest($1::text[]), $2 ON CONFLICT (key) DO NOTHING', [
      keys,
      itemId,
    ]);
  }

  /**
   * An edited item keeps its id, date and alerts; the alerts take its new wording. Only the source
   * that first delivered the item edits it: copies in other feeds (often reworded) just add keys.
   */
  private async updateItem(manager: EntityManager, itemId: number, sourceId: number, item: ParsedItem, hash: string): Promise<boolean> {
    const changed: unknown[] = await manager.query(
      `UPDATE frontier_feed_items SET title = $3, text = $4, url = COALESCE($5, url), content_hash = $6, updated_at = now()
       WHERE id = $1 AND source_id = $2 AND content_hash <> $6 RETURNING id`,
      [itemId, sourceId, item.title, item.text, item.url, hash],
    );
    if (!changed.length) return false;
    await manager.query('UPDATE frontier_models_alerts SET title = $2, description = $3, url = COALESCE($4, url) WHERE feed_item_id = $1', [
      itemId,
      item.title,
      truncate(item.text, ALERT_DESCRIPTION_MAX) || null,
      item.url,
    ]);
    return true;
  }

  /**
   * One alert per organization config following one of the item's models in the item's category.
   * This fan-out is the one place that reads configs across organizations: each alert row takes
   * the organization of its config.
   */
  private async createAlerts(
    manager: EntityManager,
    itemId: number,
    item: ParsedItem,
    publishedAt: Date,
    modelIds: number[],
    category: string,
  ): Promise<Array<{ id: number; organization_id: number }>> {
    return manager.query(
      `INSERT INTO frontier_models_alerts (alert_config_id, feed_item_id, title, description, url, date_published, organization_id)
       SELECT config.id, $1, $2, $3, $4, $5, config.organization_id
         FROM frontier_models_alerts_config config
        WHERE config.model_id = ANY($6::int[]) AND config.category = $7
       ON CONFLICT ON CONSTRAINT "UQ_frontier_alerts_config_item" DO NOTHING
       RETURNING id, organization_id`,
      [itemId, item.title, truncate(item.text, ALERT_DESCRIPTION_MAX) || null, item.url, publishedAt, modelIds, category],
    );
  }

  /** One delivery per organization with an enabled webhook, carrying all of its new alerts. */
  private async createDeliveries(
    manager: EntityManager,
    alerts: Array<{ id: number; organization_id: number }>,
  ): Promise<Array<{ id: number; organizationId: number }>> {
    const rows: Array<{ id: number; organization_id: number }> = await manager.query(
      `INSERT INTO frontier_alert_deliveries (organization_id, webhook_id, alert_ids)
       SELECT webhook.organization_id, webhook.id, array_agg(alert.id ORDER BY alert.id)
         FROM unnest($1::int[], $2::int[]) AS alert(id, organization_id)
         JOIN frontier_alert_webhooks webhook ON webhook.organization_id = alert.organization_id AND webhook.enabled
        GROUP BY webhook.organization_id, webhook.id
       RETURNING id, organization_id`,
      [alerts.map((alert) => alert.id), alerts.map((alert) => alert.organization_id)],
    );
    return rows.map((row) => ({ id: row.id, organizationId: row.organization_id }));
  }
}
