import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis, jsonNumberArray } from './columns';

@Entity('groups')
export class GroupEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  name!: string;

  /** The name folded for case-insensitive uniqueness and search (unique index). */
  @Column({ name: 'name_key', type: 'varchar' })
  nameKey!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'varchar' })
  slug!: string;

  @Column({ name: 'organization_id', type: 'integer', nullable: true })
  organizationId!: number | null;

  @Column({ type: 'boolean' })
  federated!: boolean;

  @Column({ name: 'owner_id', type: 'integer', nullable: true })
  ownerId!: number | null;

  @Column({ name: 'created_by_id', type: 'integer', nullable: true })
  createdById!: number | null;

  @Column({ name: 'updated_by_id', type: 'integer', nullable: true })
  updatedById!: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt!: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMillis })
  updatedAt!: number;

  @Column({ name: 'default_otp_required_for_login', type: 'boolean', nullable: true })
  defaultOtpRequiredForLogin!: boolean | null;

  @Column({ name: 'default_time_zone', type: 'varchar', nullable: true })
  defaultTimeZone!: string | null;

  @Column({ name: 'default_jobs_label', type: 'varchar', nullable: true })
  defaultJobsLabel!: string | null;

  @Column({ name: 'default_notebooks_label', type: 'varchar', nullable: true })
  defaultNotebooksLabel!: string | null;

  @Column({ name: 'default_services_label', type: 'varchar', nullable: true })
  defaultServicesLabel!: string | null;

  @Column({ name: 'role_ids', type: 'text', transformer: jsonNumberArray })
  roleIds!: number[];
}
