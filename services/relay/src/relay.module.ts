import { Module, type DynamicModule } from '@nestjs/common';
import type { RelayConfig } from './config';
import type { Logger } from '@kronicle/service-kit';
import { RelayRunner } from './relay-runner';
import { LOGGER, RELAY_CONFIG } from './tokens';

@Module({})
export class RelayModule {
  static forRoot(config: RelayConfig, logger: Logger): DynamicModule {
    return {
      module: RelayModule,
      providers: [{ provide: RELAY_CONFIG, useValue: config }, { provide: LOGGER, useValue: logger }, RelayRunner],
    };
  }
}
