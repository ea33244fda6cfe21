import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@kronicle/service-kit';
import type { StorageConfig } from './config';
import { StorageRunner } from './storage-runner';
import { LOGGER, STORAGE_CONFIG } from './tokens';

@Module({})
export class StorageModule {
  static forRoot(config: StorageConfig, logger: Logger): DynamicModule {
    return {
      module: StorageModule,
      providers: [{ provide: STORAGE_CONFIG, useValue: config }, { provide: LOGGER, useValue: logger }, StorageRunner],
    };
  }
}
