import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { GroupsDomainModule } from '../../domain/groups-domain.module';
import { DialectErrorRegistry } from '../../common/dialect-error-renderer';
import { JiveErrorRenderer } from './jive-errors';
import { JiveMapperService } from './jive-mapper.service';
import { JiveController } from './jive.controller';

/** Jive SBS groupService RPC-REST at /rpc/rest/groupService (issue 5, docs/jive.md). */
@Module({
  imports: [GroupsDomainModule, AuthModule],
  controllers: [JiveController],
  providers: [JiveMapperService, JiveErrorRenderer],
})
export class JiveModule {
  constructor(registry: DialectErrorRegistry, renderer: JiveErrorRenderer) {
    registry.register(renderer);
  }
}
