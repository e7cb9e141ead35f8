import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Sql } from '../../persistence/sql';
import { COUNT_CAP } from '../keyset';
import { OrganizationView } from '../views';

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

  /**
   * A keyset page by id after `afterId` (`limit` rows) and the count up to COUNT_CAP + 1.
   * `nameContains` is lower-cased; organizations are few, so a substring match is cheap.
   */
  async page(nameContains: string | undefined, afterId: number, limit: number) {
    const where = nameContains ? `LOWER(o.name) LIKE ? ESCAPE '\\'` : 'TRUE';
    const params = nameContains ? [`%${nameContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`] : [];
    const [rows, countRow] = await Promise.all([
      this.sql.query<OrganizationView>(
        `SELECT o.id, o.name, o.slug FROM organizations o WHERE ${where} AND o.id > ?
         ORDER BY o.id LIMIT ?`,
        [...params, afterId, limit],
      ),
      this.sql.one<{ total: number | string }>(
        `SELECT COUNT(*) AS total FROM (
           SELECT 1 FROM organizations o WHERE ${where} LIMIT ${COUNT_CAP + 1}) t`,
        params,
      ),
    ]);
    return { rows, counted: Number(countRow?.total ?? 0) };
  }

  async byId(id: number, em?: EntityManager): Promise<OrganizationView | undefined> {
    return this.sql.one<OrganizationView>(
      `SELECT o.id, o.name, o.slug FROM organizations o WHERE o.id = ?`,
      [id],
      em,
    );
  }

  async rename(em: EntityManager, id: number, name: string): Promise<void> {
    await this.sql.query(`UPDATE organizations SET name = ? WHERE id = ?`, [name, id], em);
  }

  /** Its users and groups stay, without an organization (the foreign keys SET NULL). */
  async delete(em: EntityManager, id: number): Promise<void> {
    await this.sql.query(`DELETE FROM organizations WHERE id = ?`, [id], em);
  }
}
