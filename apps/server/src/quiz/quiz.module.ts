import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClassroomsModule } from '../classrooms/classrooms.module';
import { QuizClock } from './quiz-clock';
import { QuizEvents } from './quiz-events';
import { QuizController } from './quiz.controller';
import { QuizGateway } from './quiz.gateway';
import { QuizRepository } from './quiz.repository';
import { QuizService } from './quiz.service';

/** Quiz mode: stack-mode tasks graded against tcp-core's reference machine, a gradebook, the /quiz socket namespace. */
@Module({
  imports: [AuthModule, ClassroomsModule],
  controllers: [QuizController],
  providers: [QuizClock, QuizEvents, QuizRepository, QuizService, QuizGateway],
  exports: [QuizService, QuizClock],
})
export class QuizModule {}
