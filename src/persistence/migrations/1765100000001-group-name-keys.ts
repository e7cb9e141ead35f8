import { Logger } from '@nestjs/common';
import { MigrationInterface, QueryRunner } from 'typeorm';

const BATCH = 5000;

/**
 * The key as this migration defines it: NFKC, then case-folded (domain/input-rules.ts `nameKey`,
 * which the domain keeps using). Frozen here, as a migration is: persistence imports nothing from
 * the domain, and a later change of the rule would come with its own migration.
 */
function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().toUpperCase().toLowerCase().normalize('NFKC');
}

/**
 * Group names are now unique by their NFKC, case-folded key (issue 17) instead of the lower-cased
 * name, so existing keys are recomputed. Plain ASCII names keep the key they had; the rest is
 * rewritten in id order. When two existing groups fold to one key (say "Café" stored once in NFC
 * and once in NFD), the group already holding that key keeps it and the other keeps its old key:
 * both stay reachable, and renaming one is left to an administrator (the log names it).
 */
export class GroupNameKeys1765100000001 implements MigrationInterface {
  name = 'GroupNameKeys1765100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const p = (n: number) => (postgres ? `$${n}` : '?');
    const logger = new Logger('Migration');
    let lastId = 0;
    for (;;) {
      const rows: Array<{ id: number; name: string; name_key: string }> = await queryRunner.query(
        `SELECT id, name, name_key FROM groups WHERE id > ${p(1)} ORDER BY id LIMIT ${BATCH}`,
        [lastId],
      );
      if (rows.length === 0) return;
      lastId = rows[rows.length - 1].id;
      for (const row of rows) {
        const key = nameKey(row.name);
        if (key === row.name_key) continue;
        const taken: unknown[] = await queryRunner.query(
          `SELECT id FROM groups WHERE name_key = ${p(1)}`,
          [key],
        );
        if (taken.length > 0) {
          logger.warn(`Group ${row.id} "${row.name}" looks like another group's name; rename it`);
          continue;
        }
        await queryRunner.query(`UPDATE groups SET name_key = ${p(1)} WHERE id = ${p(2)}`, [
          key,
          row.id,
        ]);
      }
    }
  }

  /** The lower-cased keys cannot be told apart from the folded ones any more: nothing to undo. */
  async down(): Promise<void> {}
}
