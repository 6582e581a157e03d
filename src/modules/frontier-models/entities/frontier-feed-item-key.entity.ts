import { BaseEntity, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { FrontierFeedItem } from './frontier-feed-item.entity.js';

/**
 * One identity of a feed item: `source:<id>:<native id>`, `url:<canonical url>` or
 * `advisory:<GHSA/CVE/OSV id>`. The primary key is what stops two workers or two feeds from
 * storing the same item twice.
 */
@Entity({ name: 'frontier_feed_item_keys' })
export class FrontierFeedItemKey extends BaseEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_frontier_feed_item_keys' })
  key: string;

  @Index('IDX_frontier_feed_item_keys_item')
  @Column({ name: 'item_id', type: 'integer' })
  itemId: number;

  @ManyToOne(() => FrontierFeedItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_frontier_feed_item_keys_item' })
  item?: Relation<FrontierFeedItem>;
}
