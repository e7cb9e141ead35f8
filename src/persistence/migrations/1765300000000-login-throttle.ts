import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed-credential counters per username and per client address, shared by every instance on
 * one database (src/auth/login-throttle.service.ts). `throttle_key` is `user:<name>` or
 * `address:<ip>`; a row whose window and block are both over is dead and pruned.
 */
export class LoginThrottle1765300000000 implements MigrationInterface {
  name = 'LoginThrottle1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE login_throttle (
        throttle_key VARCHAR(320) PRIMARY KEY,
        failures INTEGER NOT NULL,
        window_started_at BIGINT NOT NULL,
        blocked_until BIGINT NOT NULL
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX idx_login_throttle_window ON login_throttle (window_started_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE login_throttle`);
  }
}
