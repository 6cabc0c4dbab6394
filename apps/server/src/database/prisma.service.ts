import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma';
import { DatabaseConnection } from './database-connection';

/**
 * The Prisma client for the whole server. Prisma 6 with engineType "client" runs no native engine: queries go
 * through the pg driver adapter, which is the same for real Postgres and the embedded one.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  constructor(readonly connection: DatabaseConnection) {
    const adapter = new PrismaPg({ connectionString: connection.connectionString, max: connection.poolMax });
    // @prisma/adapter-pg 7.x implements the same driver-adapter interface the Prisma 6 client expects
    // (checked in toolchain.md); only the package's type declarations differ.
    super({
      adapter: adapter as unknown as ConstructorParameters<typeof PrismaClient>[0] extends infer O
        ? O extends { adapter?: infer A }
          ? A
          : never
        : never,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
