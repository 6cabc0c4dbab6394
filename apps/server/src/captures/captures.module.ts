import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CapturesController } from './captures.controller';

/** Capture import (pcap/pcapng → lab script and quiz questions); see apps/server/README.md "Captures". */
@Module({ imports: [AuthModule], controllers: [CapturesController] })
export class CapturesModule {}
