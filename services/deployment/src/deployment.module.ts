import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@kronicle/service-kit';
import type { DeploymentServiceConfig } from './config';
import { ControllersRunner } from './controllers-runner';
import { CONFIG, LOGGER } from './tokens';

@Module({})
export class DeploymentModule {
  static forRoot(config: DeploymentServiceConfig, logger: Logger): DynamicModule {
    return { module: DeploymentModule, providers: [{ provide: CONFIG, useValue: config }, { provide: LOGGER, useValue: logger }, ControllersRunner] };
  }
}
