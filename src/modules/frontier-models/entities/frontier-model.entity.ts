import { BaseEntity, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** The global catalog of frontier models (not organization-owned). */
@Entity({ name: 'frontier_models_list' })
export class FrontierModel extends BaseEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'model_id', type: 'text', unique: true })
  modelId: string;

  @Column({ type: 'text' })
  name: string;

  @Index()
  @Column({ type: 'text' })
  provider: string;

  @Column({ name: 'release_date', type: 'timestamptz', nullable: true })
  releaseDate: Date | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  capabilities: string[];

  /** Names the model goes by in feeds (matched on token boundaries, longest alias wins). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  aliases: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
