import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@kronicle/service-kit';
import type { NodeAgentConfig } from './config';
import { NodeAgentRunner } from './node-agent-runner';
import { LOGGER, NODE_AGENT_CONFIG } from './tokens';

@Module({})
export class NodeAgentModule {
  static forRoot(config: NodeAgentConfig, logger: Logger): DynamicModule {
    return { module: NodeAgentModule, providers: [{ provide: NODE_AGENT_CONFIG, useValue: config }, { provide: LOGGER, useValue: logger }, NodeAgentRunner] };
  }
}
