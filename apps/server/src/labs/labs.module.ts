import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClassroomsModule } from '../classrooms/classrooms.module';
import { AppConfig } from '../config/app-config';
import { ScenariosModule } from '../scenarios/scenarios.module';
import { ClassroomFeed } from './classroom-feed';
import { LabControlsService } from './lab-controls.service';
import { LabEvents } from './lab-events';
import { LabsController } from './labs.controller';
import { LabsGateway } from './labs.gateway';
import { LabsRepository } from './labs.repository';
import { LAB_TIME_SCALE, LabsService } from './labs.service';

/** Connection labs: pairing, moves over socket.io, transcripts, timers, instructor controls, the dashboard feed. */
@Module({
  imports: [AuthModule, ClassroomsModule, ScenariosModule],
  controllers: [LabsController],
  providers: [
    { provide: LAB_TIME_SCALE, useFactory: (config: AppConfig) => config.labTimeScale, inject: [AppConfig] },
    LabsRepository,
    LabEvents,
    LabsService,
    LabControlsService,
    ClassroomFeed,
    LabsGateway,
  ],
  exports: [LabsService],
})
export class LabsModule {}
