import { Module, type DynamicModule } from '@nestjs/common';
import type { ApiRouter } from './http/api-router';
import { KubeApiController } from './http/kube-api.controller';
import { API_ROUTER } from './tokens';

@Module({})
export class AppModule {
  static forRouter(router: ApiRouter): DynamicModule {
    return { module: AppModule, controllers: [KubeApiController], providers: [{ provide: API_ROUTER, useValue: router }] };
  }
}
