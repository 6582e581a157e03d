import { BaseEntity, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { GithubScanConfig } from './github-scan-config.entity.js';

@Entity({ name: 'github_scan_results' })
export class GithubScanResult extends BaseEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ name: 'scan_config_id', type: 'integer' })
  scanConfigId: number;

  @ManyToOne(() => GithubScanConfig, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scan_config_id' })
  scanConfig?: Relation<GithubScanConfig>;

  @Column({ name: 'repository_name', type: 'text' })
  repositoryName: string;

  @Column({ name: 'repository_url', type: 'text' })
  repositoryUrl: string;

  @Column({ name: 'has_ai_usage', type: 'boolean', default: false })
  hasAiUsage: boolean;

  @Column({ name: 'ai_libraries', type: 'text', array: true, default: () => "'{}'" })
  aiLibraries: string[];

  @Column({ name: 'ai_frameworks', type: 'text', array: true, default: () => "'{}'" })
  aiFrameworks: string[];

  @Column({ name: 'scan_date', type: 'timestamptz', default: () => 'now()' })
  scanDate: Date;

  @Column({ name: 'added_to_risk', type: 'boolean', default: false })
  addedToRisk: boolean;

  @Column({ name: 'confidence_score', type: 'double precision', nullable: true })
  confidenceScore: number | null;

  @Column({ name: 'detection_type', type: 'text', nullable: true })
  detectionType: string | null;
}
