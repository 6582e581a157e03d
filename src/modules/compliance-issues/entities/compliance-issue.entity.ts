import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, UpdateDateColumn, type Relation } from 'typeorm';
import { AiSystem } from '../../ai-systems/entities/ai-system.entity.js';
import { OrganizationOwnedEntity } from '../../../database/organization-owned.entity.js';

@Entity({ name: 'compliance_issues' })
@Index(['organizationId', 'status'])
@Index(['organizationId', 'severity'])
@Index(['organizationId', 'createdAt'])
// Lists sorted by id read the organization's own range (migration 1796500000000).
@Index(['organizationId', 'id'])
export class ComplianceIssue extends OrganizationOwnedEntity {
  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', default: 'open' })
  status: string;

  @Column({ type: 'text' })
  severity: string;

  @Index()
  @Column({ name: 'ai_system_id', type: 'integer', nullable: true })
  aiSystemId: number | null;

  @ManyToOne(() => AiSystem, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ai_system_id' })
  aiSystem?: Relation<AiSystem>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
