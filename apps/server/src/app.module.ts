import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AuthModule } from './auth/auth.module';
import { CapturesModule } from './captures/captures.module';
import { ClassroomsModule } from './classrooms/classrooms.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { HttpRateLimitGuard, RateLimitModule } from './common/rate-limit';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseConnection } from './database/database-connection';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { LabsModule } from './labs/labs.module';
import { LinuxPeerModule } from './linux-peer/linux-peer.module';
import { pinoOptions } from './logging';
import { QuizModule } from './quiz/quiz.module';

@Module({})
export class AppModule {
  /** The configuration and the database are decided before Nest starts (create-app.ts). */
  static forRoot(
    config: AppConfig,
    database: DatabaseConnection,
    logDestination?: DestinationStream,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(pinoOptions(config, logDestination)),
        DatabaseModule.forRoot(database),
        RateLimitModule,
        HealthModule,
        AuthModule,
        ClassroomsModule,
        LabsModule,
        QuizModule,
        CapturesModule,
        LinuxPeerModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: HttpRateLimitGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
