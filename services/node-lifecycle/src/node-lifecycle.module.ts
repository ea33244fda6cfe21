import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@kronicle/service-kit';
import type { NodeLifecycleConfig } from './config';
import { NodeLifecycleRunner } from './node-lifecycle-runner';
import { LOGGER, NODE_LIFECYCLE_CONFIG } from './tokens';

@Module({})
export class NodeLifecycleModule {
  static forRoot(config: NodeLifecycleConfig, logger: Logger): DynamicModule {
    return { module: NodeLifecycleModule, providers: [{ provide: NODE_LIFECYCLE_CONFIG, useValue: config }, { provide: LOGGER, useValue: logger }, NodeLifecycleRunner] };
  }
}
