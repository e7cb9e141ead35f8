import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Sql } from '../../persistence/sql';
import { PropertyView } from '../views';

/** Name/value metadata on groups. */
@Injectable()
export class PropertiesRepository {
  constructor(private readonly sql: Sql) {}

  /** Ordered by name. */
  propertiesOf(groupId: number): Promise<PropertyView[]> {
    return this.sql.query<PropertyView>(
      `SELECT name, value FROM group_properties WHERE group_id = ? ORDER BY name`,
      [groupId],
    );
  }

  /** Creates or replaces. */
  async set(em: EntityManager, groupId: number, name: string, value: string): Promise<void> {
    await this.sql.query(
      `INSERT INTO group_properties (group_id, name, value) VALUES (?, ?, ?)
       ON CONFLICT (group_id, name) DO UPDATE SET value = excluded.value`,
      [groupId, name, value],
      em,
    );
  }

  async delete(em: EntityManager, groupId: number, name: string): Promise<void> {
    await this.sql.query(
      `DELETE FROM group_properties WHERE group_id = ? AND name = ?`,
      [groupId, name],
      em,
    );
  }
}
