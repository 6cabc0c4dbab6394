import { DynamicModule, Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DatabaseConnection } from './database-connection';
import { PrismaService } from './prisma.service';

/** Stops the embedded database after Prisma has disconnected (onApplicationShutdown runs after onModuleDestroy). */
@Injectable()
class EmbeddedDatabaseLifecycle implements OnApplicationShutdown {
  constructor(private readonly connection: DatabaseConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.embedded?.stop();
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(connection: DatabaseConnection): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DatabaseConnection, useValue: connection },
        PrismaService,
        EmbeddedDatabaseLifecycle,
      ],
      exports: [DatabaseConnection, PrismaService],
    };
  }
}
