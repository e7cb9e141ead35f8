import { NestFactory } from '@nestjs/core';
import { ArgumentMetadata } from '@nestjs/common';
import { AppModule } from '../app.module';
import { ConfigError, loadAppConfig } from '../config/app-config';
import { Caller } from '../domain/caller';
import { DomainError } from '../domain/domain-error';
import { UsersService } from '../domain/users.service';
import { adminValidationPipe } from './admin-validation.pipe';
import { AdminService } from './admin.service';
import {
  CreateGroupDto,
  CreateOAuthConsumerDto,
  CreateOAuthTokenDto,
  CreateOrganizationDto,
  CreateUserDto,
  parseAdminId,
  UpdateUserDto,
} from './dto/admin.dto';

type Command = {
  usage: string;
  run: (admin: AdminService, caller: Caller, args: string[]) => Promise<unknown>;
};

/** Validates a JSON argument exactly as the admin API validates a body. */
async function body<T>(dto: new () => T, raw: string | undefined): Promise<T> {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? '{}');
  } catch {
    throw DomainError.invalid('body', 'the last argument must be a JSON object');
  }
  return (await adminValidationPipe.transform(value, {
    type: 'body',
    metatype: dto,
  } as ArgumentMetadata)) as T;
}

const COMMANDS: Record<string, Command> = {
  'users:create': {
    usage: `'{"username":"jan","password":"…","admin":false}'`,
    run: async (a, c, [json]) => a.createUser(c, await body(CreateUserDto, json)),
  },
  'users:get': { usage: 'ID', run: (a, c, [raw]) => a.getUser(c, parseAdminId(raw)) },
  'users:update': {
    usage: `ID '{"active":false}'`,
    run: async (a, c, [raw, json]) =>
      a.updateUser(c, parseAdminId(raw), await body(UpdateUserDto, json)),
  },
  'users:delete': {
    usage: 'ID',
    run: async (a, c, [raw]) => {
      const userId = parseAdminId(raw);
      await a.deleteUser(c, userId);
      return { deleted: userId };
    },
  },
  'users:token': { usage: 'ID', run: (a, c, [raw]) => a.mintToken(c, parseAdminId(raw)) },
  'organizations:create': {
    usage: `'{"name":"…"}'`,
    run: async (a, c, [json]) => a.createOrganization(c, await body(CreateOrganizationDto, json)),
  },
  'groups:create': {
    usage: `'{"name":"…","federated":true}'`,
    run: async (a, c, [json]) => a.createGroup(c, await body(CreateGroupDto, json)),
  },
  'oauth:consumer': {
    usage: `'{"name":"…","administrative":true}'`,
    run: async (a, c, [json]) => a.createOAuthConsumer(c, await body(CreateOAuthConsumerDto, json)),
  },
  'oauth:token': {
    usage: `'{"consumerKey":"…","userId":1}'`,
    run: async (a, c, [json]) => a.createOAuthToken(c, await body(CreateOAuthTokenDto, json)),
  },
};

function usage(): string {
  return [
    'Usage: npm run cli -- <command> [args]',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name} ${c.usage}`),
  ].join('\n');
}

/** `npm run cli -- <command>`: the admin API's operations from a shell, acting as ADMIN_USERNAME. */
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`${usage()}\n`);
    return 2;
  }
  const config = loadAppConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error'],
  });
  try {
    const adminUser = await app.get(UsersService).findUserByUsername(config.adminUsername);
    if (!adminUser?.isAdmin)
      throw DomainError.forbidden(`"${config.adminUsername}" is not a system administrator`);
    const result = await command.run(
      app.get(AdminService),
      { userId: adminUser.id, systemAdmin: true },
      args,
    );
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    process.stderr.write(
      `${JSON.stringify({ error: error.code, message: error.message, ...error.details })}\n`,
    );
    return 1;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
