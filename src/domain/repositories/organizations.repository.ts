import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Sql } from '../../persistence/sql';

@Injectable()
export class OrganizationsRepository {
  constructor(private readonly sql: Sql) {}

  async exists(organizationId: number, em: EntityManager): Promise<boolean> {
    return Boolean(
      await this.sql.one(`SELECT id FROM organizations WHERE id = ?`, [organizationId], em),
    );
  }

  /** Inserts the organization and answers its id. */
  async insert(em: EntityManager, name: string, slug: string): Promise<number> {
    const row = await this.sql.one<{ id: number }>(
      `INSERT INTO organizations (name, slug) VALUES (?, ?) RETURNING id`,
      [name, slug],
      em,
    );
    return row!.id;
  }
}
