import { Injectable } from '@nestjs/common';
import { Caller } from './caller';
import { Gatekeeper } from './gatekeeper';
import { GroupQueries } from './group-queries';
import { AccessOptions } from './membership.service';
import {
  MAX_PROPERTY_NAME_LENGTH,
  assertStorableText,
  assertValidName,
  isImpossibleName,
} from './input-rules';
import { PropertyView } from './views';

/** Free-form name/value metadata on a group (Jive extended properties). */
@Injectable()
export class PropertiesService {
  constructor(
    private readonly gate: Gatekeeper,
    private readonly queries: GroupQueries,
  ) {}

  /** Default requirement: read. Ordered by name. */
  async listProperties(
    caller: Caller,
    groupId: number,
    opts: AccessOptions = {},
  ): Promise<PropertyView[]> {
    await this.gate.requireAccess(caller, groupId, opts.require ?? 'read');
    return this.queries.sql.query<PropertyView>(
      `SELECT name, value FROM group_properties WHERE group_id = ? ORDER BY name`,
      [groupId],
    );
  }

  /** Default requirement: write. Creates or replaces. */
  setProperty(
    caller: Caller,
    groupId: number,
    name: string,
    value: string,
    opts: AccessOptions = {},
  ) {
    assertValidName(name, 'name', 'property name', MAX_PROPERTY_NAME_LENGTH);
    assertStorableText(value, 'value', 'property value');
    return this.gate.write(async (em) => {
      await this.gate.requireAccess(caller, groupId, opts.require ?? 'write', em);
      await this.queries.sql.query(
        `INSERT INTO group_properties (group_id, name, value) VALUES (?, ?, ?)
         ON CONFLICT (group_id, name) DO UPDATE SET value = excluded.value`,
        [groupId, name, value],
        em,
      );
    });
  }

  /** Default requirement: write. Deleting a missing property is a no-op. */
  deleteProperty(caller: Caller, groupId: number, name: string, opts: AccessOptions = {}) {
    return this.gate.write(async (em) => {
      await this.gate.requireAccess(caller, groupId, opts.require ?? 'write', em);
      if (isImpossibleName(name)) return; // no stored property has it; PostgreSQL cannot compare it
      await this.queries.sql.query(
        `DELETE FROM group_properties WHERE group_id = ? AND name = ?`,
        [groupId, name],
        em,
      );
    });
  }
}
