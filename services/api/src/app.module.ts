import { Module } from '@nestjs/common';

/** The application: its one route is fastify's (see serveKubeApi), so there is nothing for Nest to declare. */
@Module({})
export class AppModule {}
