import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, UpdateDateColumn, type Relation } from 'typeorm';
import { OrganizationOwnedEntity } from '../../../database/organization-owned.entity.js';
import { User } from '../../users/entities/user.entity.js';
import { RiskItem } from './risk-item.entity.js';

@Entity({ name: 'risk_mitigations' })
@Index(['organizationId', 'status'])
export class RiskMitigation extends OrganizationOwnedEntity {
  @Index()
  @Column({ name: 'risk_item_id', type: 'integer' })
  riskItemId: number;

  @ManyToOne(() => RiskItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'risk_item_id' })
  riskItem?: Relation<RiskItem>;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text', default: 'planned' })
  status: string;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

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
