import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClassroomsController, SeatsController } from './classrooms.controller';
import { ClassroomsService } from './classrooms.service';
import { PresenceService } from './presence.service';
import { SeatSocketsGateway } from './seat-sockets.gateway';

/** Classrooms, their join codes and seats (joining, leaving, removal). Exports ClassroomsService (requireOwned, roster) and PresenceService. */
@Module({
  imports: [AuthModule],
  controllers: [ClassroomsController, SeatsController],
  providers: [ClassroomsService, PresenceService, SeatSocketsGateway],
  exports: [ClassroomsService, PresenceService],
})
export class ClassroomsModule {}
