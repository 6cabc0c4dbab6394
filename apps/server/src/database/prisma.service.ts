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
    super({ adapter });
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
