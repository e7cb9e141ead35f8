import { Global, Module } from '@nestjs/common';
import { DialectErrorRegistry } from './dialect-error-renderer';

/** What every dialect shares: the registry of error renderers the global filter consults. */
@Global()
@Module({ providers: [DialectErrorRegistry], exports: [DialectErrorRegistry] })
export class CommonModule {}
