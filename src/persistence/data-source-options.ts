import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { types as pgTypes } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { DatabaseSettings } from '../config/app-config';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema';
import { GroupsNameOrderIndex1764100000000 } from './migrations/1764100000000-groups-name-order-index';
import { CredentialLifecycle1765100000000 } from './migrations/1765100000000-credential-lifecycle';
import { GroupNameKeys1765100000001 } from './migrations/1765100000001-group-name-keys';
import { WebSessions1765200000000 } from './migrations/1765200000000-web-sessions';
import { OAuthAuthorization1765200000001 } from './migrations/1765200000001-oauth-authorization';
import { LoginThrottle1765300000000 } from './migrations/1765300000000-login-throttle';
import { DirectoryIndexes1765400000000 } from './migrations/1765400000000-directory-indexes';
import { DirectoryProvisioning1765600000000 } from './migrations/1765600000000-directory-provisioning';
import { GroupsCreatedByIndex1765700000000 } from './migrations/1765700000000-groups-created-by-index';
import { GroupNameBuckets1765800000000 } from './migrations/1765800000000-group-name-buckets';
import { GroupMemberCounts1765900000000 } from './migrations/1765900000000-group-member-counts';

export const MIGRATIONS = [
  InitialSchema1764000000000,
  GroupsNameOrderIndex1764100000000,
  CredentialLifecycle1765100000000,
  GroupNameKeys1765100000001,
  WebSessions1765200000000,
  OAuthAuthorization1765200000001,
  LoginThrottle1765300000000,
  DirectoryIndexes1765400000000,
  DirectoryProvisioning1765600000000,
  GroupsCreatedByIndex1765700000000,
  GroupNameBuckets1765800000000,
  GroupMemberCounts1765900000000,
];

// BIGINT (epoch-millisecond timestamps, COUNT(*)) would otherwise arrive as strings from pg.
// Every BIGINT we store is far below 2^53.
pgTypes.setTypeParser(pgTypes.builtins.INT8, (value) => Number(value));

export function dataSourceOptions(db: DatabaseSettings): DataSourceOptions {
  const common = {
    // No entity classes: the schema is the migrations, and SQL runs through the Sql runner.
    entities: [],
    migrations: MIGRATIONS,
    synchronize: false,
    logging: false,
  };
  if (db.engine === 'sqlite') {
    if (db.path !== ':memory:') mkdirSync(dirname(db.path), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.path,
      // WAL lets readers in other processes (CLI, backups) proceed while the server writes.
      enableWAL: true,
      prepareDatabase: (sqlite: { pragma(source: string): unknown }) => {
        sqlite.pragma('foreign_keys = ON');
        sqlite.pragma('busy_timeout = 5000');
        sqlite.pragma('synchronous = NORMAL');
      },
    };
  }
  return {
    ...common,
    type: 'postgres',
    url: db.url,
    schema: db.schema,
    extra: {
      max: 10,
      ...(db.schema ? { options: `-c search_path=${db.schema}` } : {}),
    },
  };
}
