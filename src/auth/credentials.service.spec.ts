import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { GroupsDomainModule } from '../domain/groups-domain.module';
import { dataSourceOptions } from '../persistence/data-source-options';
import { MetricsService } from '../operations/metrics.service';
import { CredentialsRepository } from './credentials.repository';
import { CredentialsService } from './credentials.service';
import { LoginThrottleRepository } from './login-throttle.repository';
import { LoginThrottleService, SignInAttempt } from './login-throttle.service';
import { hashPassword } from './password-hasher';

const ATTEMPT: SignInAttempt = { dialect: 'jive', address: '127.0.0.1' };

describe('CredentialsService', () => {
  let credentials: CredentialsService;
  let dataSource: DataSource;

  beforeAll(async () => {
    const database = { engine: 'sqlite' as const, path: ':memory:' };
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({
          ...loadAppConfig({}),
          port: 0,
          host: '',
          database,
          adminUsername: 'admin',
          readOnly: false,
          logLevel: 'silent',
          bodyLimitBytes: 1,
          trustProxy: false,
          institutionName: { pl: 'Groupbridge', en: 'Groupbridge' },
        }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(database), migrationsRun: true }),
        GroupsDomainModule,
      ],
      providers: [
        CredentialsRepository,
        CredentialsService,
        LoginThrottleRepository,
        LoginThrottleService,
        MetricsService,
      ],
    }).compile();
    credentials = moduleRef.get(CredentialsService);
    dataSource = moduleRef.get(DataSource);
    const hash = await hashPassword('first password');
    await dataSource.query(
      `INSERT INTO users (id, username, active, is_admin, password_hash, created_at, updated_at) VALUES (5, 'jan', 1, 0, ?, 0, 0)`,
      [hash],
    );
  });
  afterAll(() => dataSource.destroy());

  it('checks passwords, and a changed password or deactivation takes effect at once', async () => {
    expect(await credentials.callerForPassword('jan', 'first password', ATTEMPT)).toEqual({
      userId: 5,
      systemAdmin: false,
    });
    expect(await credentials.callerForPassword('jan', 'first password', ATTEMPT)).toEqual({
      userId: 5,
      systemAdmin: false,
    });
    expect(await credentials.callerForPassword('jan', 'wrong', ATTEMPT)).toBeNull();
    expect(await credentials.callerForPassword('nobody', 'first password', ATTEMPT)).toBeNull();
    await dataSource.query(`UPDATE users SET password_hash = ? WHERE id = 5`, [
      await hashPassword('second password'),
    ]);
    expect(await credentials.callerForPassword('jan', 'first password', ATTEMPT)).toBeNull();
    expect(await credentials.callerForPassword('jan', 'second password', ATTEMPT)).toEqual({
      userId: 5,
      systemAdmin: false,
    });
    await dataSource.query(`UPDATE users SET active = 0 WHERE id = 5`);
    expect(await credentials.callerForPassword('jan', 'second password', ATTEMPT)).toBeNull();
    await dataSource.query(`UPDATE users SET active = 1 WHERE id = 5`);
  });

  it('mints tokens stored only as a hash', async () => {
    const { token } = await credentials.mintApiToken(5);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(await credentials.callerForToken(token, ATTEMPT)).toEqual({
      userId: 5,
      systemAdmin: false,
    });
    expect(await credentials.callerForToken(`${token}x`, ATTEMPT)).toBeNull();
    const stored = await dataSource.query(`SELECT token_hash FROM api_tokens WHERE user_id = 5`);
    expect(stored).toEqual([{ token_hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('accepts each OAuth nonce once per consumer', async () => {
    const { key } = await credentials.createOAuthConsumer('app', true);
    const consumer = (await credentials.findOAuthConsumer(key))!;
    const later = Date.now() + 600_000;
    expect(await credentials.consumeNonce(consumer.id, 'n1', later)).toBe(true);
    expect(await credentials.consumeNonce(consumer.id, 'n1', later)).toBe(false);
    expect(await credentials.consumeNonce(consumer.id, 'n2', later)).toBe(true);
  });
});
