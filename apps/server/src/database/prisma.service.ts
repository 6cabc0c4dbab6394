import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma';
import { DatabaseConnection } from './database-connection';

const POOL_WAIT_MS = 5_000;
const TRANSACTION_MS = 15_000;

/**
 * The Prisma client for the whole server. Prisma 6 with engineType "client" runs no native engine: queries go
 * through the pg driver adapter, which is the same for real Postgres and the embedded one.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  constructor(readonly connection: DatabaseConnection) {
    // Every wait is bounded: a connection within 5 s, a transaction started within 5 s and done within 15 s. Past
    // them the caller gets an error that the edges answer BUSY / 503 (common/overload.ts), never a hang.
    const adapter = new PrismaPg({
      connectionString: connection.connectionString,
      max: connection.poolMax,
      connectionTimeoutMillis: POOL_WAIT_MS,
    });
    super({ adapter, transactionOptions: { maxWait: POOL_WAIT_MS, timeout: TRANSACTION_MS } });
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
