import {
  BaseEntity,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { FrontierSource } from './frontier-source.entity.js';

/**
 * A news item or advisory, stored once however many feeds carry it. Its identities (source +
 * native id, canonical URL, advisory ids) live in frontier_feed_item_keys, which is what makes a
 * second copy land on this row.
 */
@Entity({ name: 'frontier_feed_items' })
@Unique('UQ_frontier_feed_items_source_native', ['sourceId', 'nativeId'])
export class FrontierFeedItem extends BaseEntity {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_frontier_feed_items' })
  id: number;

  /** The source that first delivered the item (null once that source is deleted). */
  @Column({ name: 'source_id', type: 'integer', nullable: true })
  sourceId: number | null;

  @ManyToOne(() => FrontierSource, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'source_id', foreignKeyConstraintName: 'FK_frontier_feed_items_source' })
  source?: Relation<FrontierSource>;

  /** guid / id, else the link, else a hash of title + date. */
  @Column({ name: 'native_id', type: 'text' })
  nativeId: string;

  @Index('IDX_frontier_feed_items_canonical_url')
  @Column({ name: 'canonical_url', type: 'text', nullable: true })
  canonicalUrl: string | null;

  /** GHSA / CVE / OSV ids of the advisory and its aliases, upper-cased. */
  @Column({ name: 'advisory_ids', type: 'text', array: true, default: () => "'{}'" })
  advisoryIds: string[];

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  /** sha256 of title + text: tells an edited item from an unchanged one. */
  @Column({ name: 'content_hash', type: 'text' })
  contentHash: string;

  @Column({ type: 'text' })
  category: string;

  /** Catalog ids the item matched when first stored. */
  @Column({ name: 'model_ids', type: 'integer', array: true, default: () => "'{}'" })
  modelIds: number[];

  @CreateDateColumn({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
