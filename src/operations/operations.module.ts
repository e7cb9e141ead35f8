import { DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { GroupsDomainModule } from '../domain/groups-domain.module';
import { ROOT_LOGGER, RootLogger } from './app-logger';
import { HealthProbesController } from './health-probes.controller';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { ShutdownState } from './shutdown-state';

/** What an operator watches: liveness/readiness probes, Prometheus metrics, the stopping state. */
@Global()
@Module({
  // A failing probe is answered with its details; logging each one too would repeat them.
  imports: [TerminusModule.forRoot({ logger: false }), GroupsDomainModule],
  controllers: [HealthProbesController, MetricsController],
})
export class OperationsModule {
  static forRoot(logger: RootLogger): DynamicModule {
    const providers = [MetricsService, ShutdownState, { provide: ROOT_LOGGER, useValue: logger }];
    return { module: OperationsModule, providers, exports: providers };
  }
}
