import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';

/** The socket.io Server of @nestjs/platform-socket.io (it bundles its own copy of socket.io's types). */
type NestIoServer = Parameters<IoAdapter['close']>[0];

type RedisClient = ReturnType<typeof createClient>;

/**
 * Several server processes behind one address (REDIS_URL set): socket.io's own Redis adapter (a well-kept library,
 * rather than a pub/sub of ours) carries every room broadcast and `serverSideEmit` to the other processes, so the two
 * students and the instructor of one lab may be connected to different processes. Which process applies a move is
 * not fixed: Postgres is the arbiter (LabsService's guarded write), see apps/server/README.md.
 */
export class RedisIoAdapter extends IoAdapter {
  private constructor(
    app: INestApplicationContext,
    private readonly publisher: RedisClient,
    private readonly subscriber: RedisClient,
  ) {
    super(app);
  }

  /** Connects both Redis clients first: a server that cannot reach Redis does not start half-shared. */
  static async connect(app: INestApplicationContext, url: string): Promise<RedisIoAdapter> {
    const publisher = createClient({ url });
    const subscriber = publisher.duplicate();
    await Promise.all([publisher.connect(), subscriber.connect()]);
    return new RedisIoAdapter(app, publisher, subscriber);
  }

  override createIOServer(port: number, options?: Parameters<IoAdapter['createIOServer']>[1]): NestIoServer {
    const server = super.createIOServer(port, options) as NestIoServer;
    server.adapter(createAdapter(this.publisher, this.subscriber) as Parameters<NestIoServer['adapter']>[0]);
    return server;
  }

  /** On shutdown, after the sockets: the Redis connections go too (nothing else keeps the process alive). */
  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }
}
