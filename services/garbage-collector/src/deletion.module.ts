import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@kronicle/service-kit';
import type { DeletionControllersConfig } from './config';
import { ControllersRunner } from './controllers-runner';
import { CONFIG, LOGGER } from './tokens';

@Module({})
export class DeletionModule {
  static forRoot(config: DeletionControllersConfig, logger: Logger): DynamicModule {
    return { module: DeletionModule, providers: [{ provide: CONFIG, useValue: config }, { provide: LOGGER, useValue: logger }, ControllersRunner] };
  }
}
