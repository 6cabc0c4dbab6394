import { Global, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LabsModule } from '../labs/labs.module';
import { QuizModule } from '../quiz/quiz.module';
import { LinuxPeerController } from './linux-peer.controller';
import { LinuxPeerService } from './linux-peer.service';

/**
 * Linux as the peer: the real kernel plays one endpoint of a lab (README "Linux as the peer"). Global, so the
 * labs master can inject LinuxPeerService (optionally) without the two modules importing each other.
 */
@Global()
@Module({
  imports: [AuthModule, LabsModule, QuizModule],
  controllers: [LinuxPeerController],
  providers: [LinuxPeerService],
  exports: [LinuxPeerService],
})
export class LinuxPeerModule {}
