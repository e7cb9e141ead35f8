import { Controller, Get, HttpException, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { Response } from 'express';
import { MIGRATIONS } from '../persistence/data-source-options';
import { DatabaseStatusRepository } from '../persistence/database-status.repository';
import { ShutdownState } from './shutdown-state';

/**
 * Probes for supervisors and load balancers. `GET /health`: the process and its database answer
 * (the original probe, kept as it was). Liveness: the process answers. Readiness: it should
 * receive traffic — the database answers, every migration this build knows is applied, and no
 * stop signal has arrived.
 */
@ApiTags('health')
@Controller('health')
export class HealthProbesController {
  constructor(
    private readonly healthChecks: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
    private readonly databaseStatus: DatabaseStatusRepository,
  ) {}

  @Get()
  async health() {
    try {
      await this.databaseStatus.ping();
    } catch {
      throw new ServiceUnavailableException('database unreachable');
    }
    return { status: 'ok' };
  }

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.healthChecks.check([]);
  }

  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) res: Response): Promise<unknown> {
    try {
      return await this.healthChecks.check([
        () => this.database.pingCheck('database', { timeout: 3000 }),
        () => this.migrationsApplied(),
        () => this.notStopping(),
      ]);
    } catch (error) {
      // Terminus's 503 carries the per-check details; answer them as they are.
      if (!(error instanceof HttpException)) throw error;
      res.status(error.getStatus());
      return error.getResponse();
    }
  }

  private async migrationsApplied() {
    const check = this.indicators.check('migrations');
    try {
      const applied = await this.databaseStatus.appliedMigrationNames();
      const pending = MIGRATIONS.map((m) => m.name).filter((name) => !applied.has(name));
      return pending.length === 0 ? check.up() : check.down({ pending });
    } catch {
      return check.down({ message: 'migrations table unreadable' });
    }
  }

  private notStopping() {
    const check = this.indicators.check('shutdown');
    return this.shutdown.isStopping ? check.down({ message: 'stopping' }) : check.up();
  }
}
