import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions of the web pages (sign-in, OAuth consent, admin console), in the database so that
 * every instance behind a load balancer sees the same ones. The cookie carries a random id; only
 * its SHA-256 is stored. `user_id` is NULL until sign-in (an anonymous session still needs a CSRF
 * secret for the sign-in form itself).
 */
export class WebSessions1765200000000 implements MigrationInterface {
  name = 'WebSessions1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE web_sessions (
      id_hash CHAR(64) NOT NULL PRIMARY KEY,
      user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
      csrf_secret VARCHAR(64) NOT NULL,
      created_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL
    )`);
    await queryRunner.query(`CREATE INDEX idx_web_sessions_expires ON web_sessions (expires_at)`);
    await queryRunner.query(`CREATE INDEX idx_web_sessions_user ON web_sessions (user_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE web_sessions`);
  }
}
