import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { z } from 'zod';
import { ApiError } from '../common/api-error';
import { ApiZodResponse } from '../common/api-zod';
import { AppConfig } from '../config/app-config';
import { PrismaService } from '../database/prisma.service';

const healthSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['postgres', 'embedded']),
  version: z.string(),
});

@ApiTags('health')
@Controller('health')
@SkipThrottle()
export class HealthController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  /** 200 when the database answers; 503 SERVICE_UNAVAILABLE otherwise (load balancers and tests poll this). */
  @Get()
  @ApiZodResponse(200, healthSchema)
  async health() {
    try {
      await this.prisma.$queryRaw`SELECT 1`;
    } catch {
      throw new ApiError('SERVICE_UNAVAILABLE', {
        en: 'The database does not answer.',
        zh: '数据库无响应。',
      });
    }
    return { status: 'ok' as const, database: this.prisma.connection.kind, version: this.config.version };
  }
}
