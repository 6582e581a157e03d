import {
  BaseEntity,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { AiSystem } from '../../ai-systems/entities/ai-system.entity.js';
import { Organization } from '../../organizations/entities/organization.entity.js';

@Entity({ name: 'compliance_issues' })
@Index(['organizationId', 'status'])
@Index(['organizationId', 'severity'])
@Index(['organizationId', 'createdAt'])
export class ComplianceIssue extends BaseEntity {
  @PrimaryGeneratedColumn()
  id: number;

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

  @Index()
  @Column({ name: 'organization_id', type: 'integer' })
  organizationId: number;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Relation<Organization>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
