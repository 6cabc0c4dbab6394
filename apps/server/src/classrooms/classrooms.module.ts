import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClassroomsController, SeatsController } from './classrooms.controller';
import { ClassroomsService } from './classrooms.service';
import { PresenceService } from './presence.service';
import { SeatRemovals } from './seat-removals';
import { SeatSocketsGateway } from './seat-sockets.gateway';

/** Classrooms, their join codes and seats (joining, leaving, removal). Exports ClassroomsService (requireOwned, roster), PresenceService and SeatRemovals (what else happens when a seat goes). */
@Module({
  imports: [AuthModule],
  controllers: [ClassroomsController, SeatsController],
  providers: [ClassroomsService, PresenceService, SeatRemovals, SeatSocketsGateway],
  exports: [ClassroomsService, PresenceService, SeatRemovals],
})
export class ClassroomsModule {}
