import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, UpdateDateColumn, type Relation } from 'typeorm';
import { OrganizationOwnedEntity } from '../../../database/organization-owned.entity.js';
import { User } from '../../users/entities/user.entity.js';

@Entity({ name: 'ai_systems' })
@Index(['organizationId', 'status'])
@Index(['organizationId', 'riskLevel'])
@Index(['organizationId', 'createdAt'])
// Lists sorted by id read the organization's own range (migration 1796500000000).
@Index(['organizationId', 'id'])
export class AiSystem extends OrganizationOwnedEntity {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', default: 'active' })
  status: string;

  @Index()
  @Column({ name: 'owner_id', type: 'integer', nullable: true })
  ownerId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id' })
  owner?: Relation<User>;

  @Column({ name: 'risk_level', type: 'text', nullable: true })
  riskLevel: string | null;

  @Column({ type: 'text', nullable: true })
  version: string | null;

  @Column({ name: 'deployed_at', type: 'timestamptz', nullable: true })
  deployedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
