import { BaseEntity, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { GithubScanConfig } from './github-scan-config.entity.js';

@Entity({ name: 'github_scan_summaries' })
export class GithubScanSummary extends BaseEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ name: 'scan_config_id', type: 'integer' })
  scanConfigId: number;

  @ManyToOne(() => GithubScanConfig, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scan_config_id' })
  scanConfig?: Relation<GithubScanConfig>;

  @Column({ name: 'total_repositories', type: 'integer', default: 0 })
  totalRepositories: number;

  @Column({ name: 'repositories_with_ai', type: 'integer', default: 0 })
  repositoriesWithAi: number;

  @Column({ name: 'scan_date', type: 'timestamptz', default: () => 'now()' })
  scanDate: Date;
}
