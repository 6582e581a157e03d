import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, UpdateDateColumn, type Relation } from 'typeorm';
import { AiSystem } from '../../ai-systems/entities/ai-system.entity.js';
import { OrganizationOwnedEntity } from '../../../database/organization-owned.entity.js';
import { User } from '../../users/entities/user.entity.js';

@Entity({ name: 'risk_items' })
@Index(['organizationId', 'status'])
@Index(['organizationId', 'severity'])
@Index(['organizationId', 'category'])
@Index(['organizationId', 'impact'])
@Index(['organizationId', 'likelihood'])
// The list index (organization_id, created_at, id) INCLUDE (every filter column): TypeORM cannot declare INCLUDE,
// so migration 1796500000001 owns it and the schema synchronizer leaves it alone.
@Index('IDX_risk_items_list', { synchronize: false })
// Lists sorted by id read the organization's own range (migration 1796500000000).
@Index(['organizationId', 'id'])
export class RiskItem extends OrganizationOwnedEntity {
  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', default: 'open' })
  status: string;

  @Column({ type: 'text' })
  severity: string;

  @Column({ type: 'text' })
  impact: string;

  @Column({ type: 'text' })
  likelihood: string;

  @Column({ type: 'text' })
  category: string;

  @Column({ name: 'system_details', type: 'text', nullable: true })
  systemDetails: string | null;

  @Index()
  @Column({ name: 'ai_system_id', type: 'integer', nullable: true })
  aiSystemId: number | null;

  @ManyToOne(() => AiSystem, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ai_system_id' })
  aiSystem?: Relation<AiSystem>;

  @Index()
  @Column({ name: 'created_by_id', type: 'integer', nullable: true })
  createdById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: Relation<User>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
