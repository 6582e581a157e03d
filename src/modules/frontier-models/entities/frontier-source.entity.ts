import { BaseEntity, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** A feed the worker polls (global, managed by platform admins). */
@Entity({ name: 'frontier_sources' })
@Unique('UQ_frontier_sources_url', ['url'])
export class FrontierSource extends BaseEntity {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_frontier_sources' })
  id: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  url: string;

  /** rss | atom | json | osv | nvd (FRONTIER_SOURCE_KINDS). */
  @Column({ type: 'text' })
  kind: string;

  /** Catalog provider the feed speaks for (enables provider-wide matching), e.g. "OpenAI". */
  @Column({ type: 'text', nullable: true })
  provider: string | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'text', nullable: true })
  etag: string | null;

  @Column({ name: 'last_modified', type: 'text', nullable: true })
  lastModified: string | null;

  @Column({ name: 'last_fetched_at', type: 'timestamptz', nullable: true })
  lastFetchedAt: Date | null;

  /** pending (never fetched) | ok | not_modified | error (FRONTIER_SOURCE_STATUSES). */
  @Column({ type: 'text', default: 'pending' })
  status: string;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures: number;

  /** Back-off after repeated failures: scheduled and on-demand runs skip the source until then. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  /** The URL the last successful fetch ended at after redirects (relative links resolve against it). */
  @Column({ name: 'final_url', type: 'text', nullable: true })
  finalUrl: string | null;

  @Column({ name: 'last_item_count', type: 'integer', nullable: true })
  lastItemCount: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
