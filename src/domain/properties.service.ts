import { Injectable } from '@nestjs/common';
import { AccessPolicy } from './access-policy';
import { Caller } from './caller';
import { Gatekeeper } from './gatekeeper';
import { AccessOptions } from './membership.service';
import {
  MAX_PROPERTY_NAME_LENGTH,
  assertStorableText,
  assertValidName,
  isImpossibleName,
} from './input-rules';
import { PropertiesRepository } from './repositories/properties.repository';
import { PropertyView } from './views';

/** Free-form name/value metadata on a group (Jive extended properties). */
@Injectable()
export class PropertiesService {
  constructor(
    private readonly gate: Gatekeeper,
    private readonly access: AccessPolicy,
    private readonly properties: PropertiesRepository,
  ) {}

  /** Ordered by name. */
  async listProperties(
    caller: Caller,
    groupId: number,
    opts: AccessOptions = {},
  ): Promise<PropertyView[]> {
    await this.access.require(caller, 'readProperties', groupId, opts);
    return this.properties.propertiesOf(groupId);
  }

  /** Creates or replaces. */
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
      await this.access.require(caller, 'writeProperties', groupId, { policy: opts.policy, em });
      await this.properties.set(em, groupId, name, value);
    });
  }

  /** Deleting a missing property is a no-op. */
  deleteProperty(caller: Caller, groupId: number, name: string, opts: AccessOptions = {}) {
    return this.gate.write(async (em) => {
      await this.access.require(caller, 'writeProperties', groupId, { policy: opts.policy, em });
      if (isImpossibleName(name)) return; // no stored property has it; PostgreSQL cannot compare it
      await this.properties.delete(em, groupId, name);
    });
  }
}
