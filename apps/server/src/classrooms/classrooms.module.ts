import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClassroomsController, SeatsController } from './classrooms.controller';
import { ClassroomsService } from './classrooms.service';
import { PresenceService } from './presence.service';

/** Classrooms, their join codes and seats. Exports ClassroomsService (requireOwned, roster) and PresenceService. */
@Module({
  imports: [AuthModule],
  controllers: [ClassroomsController, SeatsController],
  providers: [ClassroomsService, PresenceService],
  exports: [ClassroomsService, PresenceService],
})
export class ClassroomsModule {}
