import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@kronicle/service-kit';
import type { SchedulerConfig } from './config';
import { SchedulerRunner } from './scheduler-runner';
import { LOGGER, SCHEDULER_CONFIG } from './tokens';

@Module({})
export class SchedulerModule {
  static forRoot(config: SchedulerConfig, logger: Logger): DynamicModule {
    return { module: SchedulerModule, providers: [{ provide: SCHEDULER_CONFIG, useValue: config }, { provide: LOGGER, useValue: logger }, SchedulerRunner] };
  }
}
