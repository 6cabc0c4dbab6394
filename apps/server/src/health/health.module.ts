import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { JoinAddressController } from './join-address.controller';

@Module({ controllers: [HealthController, JoinAddressController] })
export class HealthModule {}
