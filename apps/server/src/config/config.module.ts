import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from './app-config';

/**
 * One typed configuration for the whole server. `AppConfig` is the typed object (prefer it);
 * @nestjs/config's `ConfigService` is provided over the same values for code that wants `config.get('labTimeScale')`.
 * We do not use ConfigModule.forRoot: it reads and writes process.env globally, and tests run several servers
 * with different settings in one process.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: ConfigService, useValue: new ConfigService({ ...config }) },
      ],
      exports: [AppConfig, ConfigService],
    };
  }
}
