import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClassroomsModule } from '../classrooms/classrooms.module';
import { QuizClock } from './quiz-clock';
import { QuizDeadlines } from './quiz-deadlines';
import { QuizEvents } from './quiz-events';
import { QuizRuns } from './quiz-runs';
import { QuizController } from './quiz.controller';
import { QuizGateway } from './quiz.gateway';
import { QuizRepository } from './quiz.repository';
import { QuizService } from './quiz.service';

/** Quiz mode: stack-mode tasks graded against tcp-core's reference machine, a gradebook, the /quiz socket namespace. */
@Module({
  imports: [AuthModule, ClassroomsModule],
  controllers: [QuizController],
  providers: [QuizClock, QuizEvents, QuizDeadlines, QuizRepository, QuizRuns, QuizService, QuizGateway],
  exports: [QuizService, QuizClock],
})
export class QuizModule {}
