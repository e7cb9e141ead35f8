import type { Response } from 'express';
import { GroupRef, UserView } from '../../domain/views';
import { ObjectSchema, project, Projection } from './usos-fields';
import { UsosOutput } from './usos-request';
import { toXmlmap } from './usos-xmlmap';
import { toXmlmap2 } from './usos-xmlmap2';

/** USOS: "CORS requests are allowed" — on every answer, errors included. */
export function allowCors(res: Response): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  // helmet's same-origin default would stop JSONP, which a page loads with a <script> tag.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
}

export function sendUsosResult(res: Response, output: UsosOutput, value: unknown): void {
  allowCors(res);
  res.status(200);
  if (output.format === 'xmlmap2') {
    res.type('text/xml; charset=utf-8').send(toXmlmap2(value));
    return;
  }
  if (output.format === 'xmlmap' || output.format === 'xmlitems') {
    res.type('text/xml; charset=utf-8').send(toXmlmap(value));
    return;
  }
  const json = JSON.stringify(value);
  if (output.format === 'jsonp') {
    // U+2028/2029 are valid in JSON but end a line in older JavaScript engines.
    const script = json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
    res.type('application/javascript; charset=utf-8').send(`${output.callback}(${script});`);
    return;
  }
  res.type('application/json; charset=utf-8').send(json);
}

/** `services/users/user`: the fields Groupbridge holds. */
export const USER_SCHEMA: ObjectSchema = {
  method: 'services/users/user',
  defaults: 'id|first_name|last_name',
  fields: {
    id: { primary: true },
    first_name: { primary: true },
    last_name: { primary: true },
    email: { primary: true },
  },
};

/** `services/prgroups/primary_group` (a federated group); its primary fields. */
export const PRIMARY_GROUP_SCHEMA: ObjectSchema = {
  method: 'services/prgroups/primary_group',
  defaults: 'id|name',
  fields: { id: { primary: true }, name: { primary: true } },
};

export const CUSTOM_GROUP_SCHEMA: ObjectSchema = {
  method: 'services/csgroups/custom_group',
  defaults: 'id|name',
  fields: {
    id: { primary: true },
    name: { primary: true },
    emails: { primary: false },
    users: { primary: false, ref: USER_SCHEMA },
    primary_groups: { primary: false, ref: PRIMARY_GROUP_SCHEMA, refPrimaryOnly: true },
  },
};
// custom_groups[…] references custom_group itself (primary fields only).
CUSTOM_GROUP_SCHEMA.fields.custom_groups = {
  primary: false,
  ref: CUSTOM_GROUP_SCHEMA,
  refPrimaryOnly: true,
};

/** USOS ids are strings on the wire. */
const USER_GETTERS = {
  id: (u: UserView) => String(u.id),
  first_name: (u: UserView) => u.firstName,
  last_name: (u: UserView) => u.lastName,
  email: (u: UserView) => u.email,
};

const GROUP_REF_GETTERS = {
  id: (g: GroupRef) => String(g.id),
  name: (g: GroupRef) => g.name,
};

// USOS names of primary groups are LangDicts; ours have one name, shown in both languages.
const PRIMARY_GROUP_GETTERS = {
  id: (g: GroupRef) => String(g.id),
  name: (g: GroupRef) => ({ pl: g.name, en: g.name }),
};

export function renderUser(projection: Projection, user: UserView) {
  return project(projection, user, USER_GETTERS);
}

/** A custom group's primary fields (all that `custom_groups`, `user` and references allow). */
export function renderGroupRef(projection: Projection, group: GroupRef) {
  return project(projection, group, GROUP_REF_GETTERS);
}

export function renderPrimaryGroup(projection: Projection, group: GroupRef) {
  return project(projection, group, PRIMARY_GROUP_GETTERS);
}
