import { ArgumentMetadata, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { read } from 'read';
import { AppModule } from '../app.module';
import { ConfigError, loadAppConfig } from '../config/app-config';
import { OAuthTokenOwner } from '../auth/credential-lifecycle.repository';
import { Caller } from '../domain/caller';
import { DomainError } from '../domain/domain-error';
import { UsersService } from '../domain/users.service';
import { AdminCredentialsService } from './admin-credentials.service';
import { adminValidationPipe } from './admin-validation.pipe';
import { AdminService } from './admin.service';
import {
  CreateApiTokenDto,
  CreateOAuthConsumerDto,
  CreateOAuthTokenDto,
} from './dto/admin-credentials.dto';
import {
  CreateGroupDto,
  CreateOrganizationDto,
  CreateUserDto,
  parseAdminId,
  UpdateUserDto,
} from './dto/admin.dto';

/** Exit statuses: 0 done, 1 refused by the domain (JSON on stderr), 2 bad usage, 3 failure. */
const EXIT_REFUSED = 1;
const EXIT_USAGE = 2;
const EXIT_FAILED = 3;

type Action<S> = (service: S, caller: Caller) => Promise<unknown>;

/**
 * A password typed at a hidden prompt, or the whole of stdin for scripts (`… --password <file`),
 * never an argument: arguments are visible in `ps` and kept in shell history.
 */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    return read({ prompt: 'Password: ', silent: true, replace: '', output: process.stderr });
  }
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  return input.replace(/\r?\n$/, '');
}

/** Validates a JSON argument exactly as the admin API validates a body. */
async function body<T>(dto: new () => T, raw: string, withPassword = false): Promise<T> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw DomainError.invalid('body', 'the JSON argument must be a JSON object');
  }
  if (typeof value === 'object' && value !== null && 'password' in value) {
    throw DomainError.invalid(
      'password',
      'passwords are never taken from the command line: use --password (prompt or stdin)',
    );
  }
  if (withPassword) value = { ...(value as object), password: await readPassword() };
  return (await adminValidationPipe.transform(value, {
    type: 'body',
    metatype: dto,
  } as ArgumentMetadata)) as T;
}

/** Boots the application (no HTTP), acts as ADMIN_USERNAME, prints the result as JSON. */
async function execute<S>(service: Type<S>, action: Action<S>): Promise<void> {
  const config = loadAppConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error'],
  });
  try {
    const adminUser = await app.get(UsersService).findUserByUsername(config.adminUsername);
    if (!adminUser?.isAdmin)
      throw DomainError.forbidden(`"${config.adminUsername}" is not a system administrator`);
    const result = await action(app.get(service), { userId: adminUser.id, systemAdmin: true });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    process.stderr.write(
      `${JSON.stringify({ error: error.code, message: error.message, ...error.details })}\n`,
    );
    process.exitCode = EXIT_REFUSED;
  } finally {
    await app.close();
  }
}

/** Users, organizations and groups (the admin service). */
const admin = (action: Action<AdminService>) => execute(AdminService, action);
/** API tokens, OAuth consumers and OAuth access tokens (the credential lifecycle). */
const credentials = (action: Action<AdminCredentialsService>) =>
  execute(AdminCredentialsService, action);

function integer(raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw new InvalidArgumentError('must be a whole number');
  return Number(raw);
}

const program = new Command()
  .name('npm run cli --')
  .description(
    'The admin API from a shell, acting as ADMIN_USERNAME on DATABASE_URL. Prints JSON.\n' +
      'Run `npm run cli -- <command> --help` for a command’s arguments.',
  )
  .showHelpAfterError()
  .exitOverride();

program
  .command('users:list')
  .description('list users by id')
  .option('--limit <n>', 'at most this many', integer, 100)
  .option('--offset <n>', 'skip this many', integer, 0)
  .action((o: { limit: number; offset: number }) =>
    admin((a, c) => a.listUsers(c, o.limit, o.offset)),
  );

program
  .command('users:get')
  .description('show one user')
  .argument('<id>', 'user id')
  .action((userId: string) => admin((a, c) => a.getUser(c, parseAdminId(userId))));

program
  .command('users:create')
  .description('create a user')
  .argument('<json>', `fields, e.g. '{"username":"jan","firstName":"Jan","admin":false}'`)
  .option('--password', 'give it a password (Jive HTTP Basic): hidden prompt, or stdin')
  .action((json: string, o: { password?: boolean }) =>
    admin(async (a, c) => a.createUser(c, await body(CreateUserDto, json, o.password))),
  );

program
  .command('users:update')
  .description('change a user (e.g. deactivate it)')
  .argument('<id>', 'user id')
  .argument('[json]', `fields to change, e.g. '{"active":false}'`, '{}')
  .option('--password', 'set a new password: hidden prompt, or stdin')
  .action((userId: string, json: string, o: { password?: boolean }) =>
    admin(async (a, c) =>
      a.updateUser(c, parseAdminId(userId), await body(UpdateUserDto, json, o.password)),
    ),
  );

program
  .command('users:delete')
  .description('delete a user')
  .argument('<id>', 'user id')
  .action((userId: string) =>
    admin(async (a, c) => {
      const deleted = parseAdminId(userId);
      await a.deleteUser(c, deleted);
      return { deleted };
    }),
  );

program
  .command('tokens:list')
  .description("list a user's API tokens, revoked ones included (never a secret)")
  .argument('<userId>', 'user id')
  .action((userId: string) => credentials((k, c) => k.listApiTokens(c, parseAdminId(userId))));

program
  .command('tokens:create')
  .alias('users:token')
  .description('mint an API token (bearer / Civis key) for a user; shown once')
  .argument('<userId>', 'user id')
  .argument(
    '[json]',
    `optional label and expiry, e.g. '{"label":"sync","expiresAt":"2027-01-01T00:00:00Z"}'`,
    '{}',
  )
  .action((userId: string, json: string) =>
    credentials(async (k, c) =>
      k.mintApiToken(c, parseAdminId(userId), await body(CreateApiTokenDto, json)),
    ),
  );

program
  .command('tokens:revoke')
  .description('revoke one API token of a user')
  .argument('<userId>', 'user id')
  .argument('<tokenId>', 'token id (tokens:list)')
  .action((userId: string, tokenId: string) =>
    credentials(async (k, c) => {
      const revoked = parseAdminId(tokenId);
      await k.revokeApiToken(c, parseAdminId(userId), revoked);
      return { revoked };
    }),
  );

program
  .command('tokens:revoke-all')
  .description('revoke every live API token of a user; prints how many')
  .argument('<userId>', 'user id')
  .action((userId: string) => credentials((k, c) => k.revokeAllApiTokens(c, parseAdminId(userId))));

program
  .command('consumers:list')
  .description('list OAuth 1.0a consumers (keys, never secrets)')
  .action(() => credentials((k, c) => k.listOAuthConsumers(c)));

program
  .command('consumers:create')
  .alias('oauth:consumer')
  .description('create an OAuth 1.0a consumer (USOS); prints its key and secret once')
  .argument('<json>', `e.g. '{"name":"Timetable app","administrative":true}'`)
  .action((json: string) =>
    credentials(async (k, c) => k.createOAuthConsumer(c, await body(CreateOAuthConsumerDto, json))),
  );

program
  .command('consumers:disable')
  .description('refuse a consumer’s signatures (its tokens are kept); consumers:enable undoes it')
  .argument('<consumerId>', 'consumer id (consumers:list)')
  .action((consumerId: string) =>
    credentials((k, c) => k.setOAuthConsumerDisabled(c, parseAdminId(consumerId), true)),
  );

program
  .command('consumers:enable')
  .description('accept a disabled consumer’s signatures again')
  .argument('<consumerId>', 'consumer id (consumers:list)')
  .action((consumerId: string) =>
    credentials((k, c) => k.setOAuthConsumerDisabled(c, parseAdminId(consumerId), false)),
  );

program
  .command('consumers:delete')
  .description('delete a consumer; its access tokens die with it')
  .argument('<consumerId>', 'consumer id (consumers:list)')
  .action((consumerId: string) =>
    credentials(async (k, c) => {
      const deleted = parseAdminId(consumerId);
      await k.deleteOAuthConsumer(c, deleted);
      return { deleted };
    }),
  );

/** `--user <id>` or `--consumer <id>`: exactly one. */
function oauthTokenOwner(o: { user?: string; consumer?: string }): OAuthTokenOwner {
  if ((o.user === undefined) === (o.consumer === undefined))
    throw DomainError.invalid('user', 'give either --user <id> or --consumer <id>');
  return o.user !== undefined
    ? { userId: parseAdminId(o.user) }
    : { consumerId: parseAdminId(o.consumer!) };
}

program
  .command('oauth-tokens:list')
  .description('list OAuth access tokens of a user or a consumer (never the token or its secret)')
  .option('--user <id>', 'this user’s')
  .option('--consumer <id>', 'this consumer’s (consumers:list)')
  .action((o: { user?: string; consumer?: string }) =>
    credentials((k, c) => k.listOAuthTokens(c, oauthTokenOwner(o))),
  );

program
  .command('oauth-tokens:create')
  .alias('oauth:token')
  .description(
    'issue an OAuth access token of a user for a consumer; prints it and its secret once',
  )
  .argument('<json>', `e.g. '{"consumerKey":"…","userId":2}'`)
  .action((json: string) =>
    credentials(async (k, c) => k.createOAuthToken(c, await body(CreateOAuthTokenDto, json))),
  );

program
  .command('oauth-tokens:revoke')
  .description('revoke one OAuth access token')
  .argument('<tokenId>', 'token id (oauth-tokens:list)')
  .action((tokenId: string) =>
    credentials(async (k, c) => {
      const revoked = parseAdminId(tokenId);
      await k.revokeOAuthToken(c, revoked);
      return { revoked };
    }),
  );

program
  .command('oauth-tokens:revoke-all')
  .description('revoke every live OAuth access token of a user or a consumer; prints how many')
  .option('--user <id>', 'this user’s')
  .option('--consumer <id>', 'this consumer’s (consumers:list)')
  .action((o: { user?: string; consumer?: string }) =>
    credentials((k, c) => k.revokeOAuthTokens(c, oauthTokenOwner(o))),
  );

program
  .command('organizations:create')
  .description('create an organization')
  .argument('<json>', `e.g. '{"name":"Faculty of Physics"}'`)
  .action((json: string) =>
    admin(async (a, c) => a.createOrganization(c, await body(CreateOrganizationDto, json))),
  );

program
  .command('groups:create')
  .description('provision a group (e.g. a federated / USOS primary group)')
  .argument('<json>', `e.g. '{"name":"Physics staff","federated":true}'`)
  .action((json: string) =>
    admin(async (a, c) => a.createGroup(c, await body(CreateGroupDto, json))),
  );

program.parseAsync(process.argv).then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(EXIT_FAILED);
  },
);
