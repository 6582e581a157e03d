import { BaseEntity, Column, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Organization } from '../modules/organizations/entities/organization.entity.js';

/**
 * Base of every organization-owned table: a serial id and an indexed organization_id with a
 * foreign key to organizations (rows go with their organization). OrganizationScopedRepository
 * relies on these two columns. (BaseEntity: AdminJS calls static methods on the model.)
 */
export abstract class OrganizationOwnedEntity extends BaseEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ name: 'organization_id', type: 'integer' })
  organizationId: number;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Relation<Organization>;
}
