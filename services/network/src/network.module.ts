import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@kronicle/service-kit';
import type { NetworkConfig } from './config';
import { NetworkRunner } from './network-runner';
import { LOGGER, NETWORK_CONFIG } from './tokens';

@Module({})
export class NetworkModule {
  static forRoot(config: NetworkConfig, logger: Logger): DynamicModule {
    return {
      module: NetworkModule,
      providers: [{ provide: NETWORK_CONFIG, useValue: config }, { provide: LOGGER, useValue: logger }, NetworkRunner],
    };
  }
}
