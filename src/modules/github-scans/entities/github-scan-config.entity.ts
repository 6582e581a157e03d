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
  type Relation,
} from 'typeorm';
import { Organization } from '../../organizations/entities/organization.entity.js';
import type { RepositorySummary } from '../github.client.js';

/** One page of the organization's repository listing as last seen, for conditional requests. */
export interface ListingPageCache {
  page: number;
  etag: string;
  repositories: RepositorySummary[];
  hasNext: boolean;
}

@Entity({ name: 'github_scan_configs' })
@Unique('UQ_github_scan_configs_org_name', ['organizationId', 'githubOrgName'])
export class GithubScanConfig extends BaseEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'github_org_name', type: 'text' })
  githubOrgName: string;

  @Index()
  @Column({ name: 'organization_id', type: 'integer' })
  organizationId: number;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Relation<Organization>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_scan_at', type: 'timestamptz', nullable: true })
  lastScanAt: Date | null;

  /** Status of the latest scan run (idle before the first one). */
  @Column({ type: 'text', default: 'idle' })
  status: string;

  /** AES-256-GCM ciphertext of the organization's GitHub token; never returned. */
  @Column({ name: 'token_ciphertext', type: 'text', nullable: true })
  tokenCiphertext: string | null;

  @Column({ name: 'include_archived', type: 'boolean', default: false })
  includeArchived: boolean;

  @Column({ name: 'include_forks', type: 'boolean', default: false })
  includeForks: boolean;

  /** Cron expression of the scheduled rescans, or null for manual scans only. */
  @Column({ name: 'rescan_cron', type: 'text', nullable: true })
  rescanCron: string | null;

  /** ETags and repository names of the listing pages, so an unchanged organization costs only 304s. */
  @Column({ name: 'listing_cache', type: 'jsonb', nullable: true })
  listingCache: ListingPageCache[] | null;
}
