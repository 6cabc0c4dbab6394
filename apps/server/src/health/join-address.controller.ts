import { networkInterfaces } from 'node:os';
import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodResponse } from '../common/api-zod';
import { AppConfig } from '../config/app-config';

const joinAddressSchema = z.object({
  /** what the join screen shows and encodes in its QR code */
  url: z.string(),
  /** configured: PUBLIC_URL; lan: the server's own LAN address; loopback: only this machine can reach it */
  source: z.enum(['configured', 'lan', 'loopback']),
  /** every LAN address of the server (a teacher on two networks picks one by setting PUBLIC_URL) */
  lanAddresses: z.array(z.string()),
});
export type JoinAddress = z.infer<typeof joinAddressSchema>;

/** The server's IPv4 addresses that other devices on the network can reach (no loopback, no link-local). */
export function lanAddresses(interfaces = networkInterfaces()): string[] {
  return Object.values(interfaces)
    .flat()
    .filter((address) => address && address.family === 'IPv4' && !address.internal)
    .map((address) => address!.address)
    .filter((address) => !address.startsWith('169.254.'));
}

/**
 * The address students reach the class at. The teacher's own browser often shows http://127.0.0.1:…, which is
 * useless on a student's phone, so the projected join screen asks the server instead.
 */
export function joinAddress(
  config: Pick<AppConfig, 'publicUrl' | 'host' | 'port'>,
  lan = lanAddresses(),
): JoinAddress {
  if (config.publicUrl)
    return { url: config.publicUrl.replace(/\/?$/, '/'), source: 'configured', lanAddresses: lan };
  const loopbackOnly = config.host === '127.0.0.1' || config.host === 'localhost' || config.host === '::1';
  if (!loopbackOnly && lan.length > 0)
    return { url: `http://${lan[0]}:${config.port}/`, source: 'lan', lanAddresses: lan };
  return { url: `http://127.0.0.1:${config.port}/`, source: 'loopback', lanAddresses: lan };
}

@ApiTags('health')
@Controller('join-address')
export class JoinAddressController {
  constructor(private readonly config: AppConfig) {}

  /** Public: the join screen is shown before any student has a token. */
  @Get()
  @ApiZodResponse(200, joinAddressSchema)
  get(): JoinAddress {
    return joinAddress(this.config);
  }
}
