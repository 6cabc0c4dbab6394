import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CreateQuizBody, QuizControlBody, type SeatQuiz } from '@tcp-lab/lab-protocol';
import { AllowQueryToken, CurrentInstructor, CurrentSeat, InstructorGuard, SeatGuard } from '../auth/guards';
import type { InstructorPrincipal, SeatPrincipal } from '../auth/principal';
import { ApiZodBody } from '../common/api-zod';
import { ZodValidationPipe } from '../common/validation';
import { QuizService } from './quiz.service';

const VIEW_DOC =
  'InstructorQuizView = {quiz, tasks, gradebook: [{seatId, displayName, cells:[{taskId, points, max, status}], total, max}], mostMissed, leaderboard, runs} (apps/server/QUIZ.md)';

/** Quiz mode over HTTP: the catalogue, building and steering quizzes, results, the gradebook and regrading. */
@ApiTags('quiz')
@ApiBearerAuth()
@Controller()
export class QuizController {
  constructor(private readonly quizzes: QuizService) {}

  @Get('quiz-catalogue')
  @UseGuards(InstructorGuard)
  @ApiOperation({
    summary: 'Built-in quiz tasks (stack-mode tcp-lab/1 scripts derived from the scenario catalogue)',
  })
  catalogue() {
    return this.quizzes.catalogue();
  }

  @Post('classrooms/:id/quizzes')
  @UseGuards(InstructorGuard)
  @ApiOperation({
    summary: 'Create a quiz (draft)',
    description:
      'tasks: [{catalogId, role?, pairing?} | {title:{en,zh}, script (tcp-lab/1, stack mode), role, pairing?, setupMoves?}]. A script is checked with tcp-core parseLabScript and a dry run; errors name the place (tasks[1].script.moves[3]...).',
  })
  @ApiZodBody(CreateQuizBody)
  @ApiResponse({ status: 201, description: VIEW_DOC })
  create(
    @CurrentInstructor() instructor: InstructorPrincipal,
    @Param('id') classroomId: string,
    @Body(new ZodValidationPipe(CreateQuizBody)) body: CreateQuizBody,
  ) {
    return this.quizzes.create(instructor, classroomId, body);
  }

  @Get('classrooms/:id/quizzes')
  @UseGuards(InstructorGuard)
  @ApiOperation({ summary: "The class's quizzes, newest first" })
  list(@CurrentInstructor() instructor: InstructorPrincipal, @Param('id') classroomId: string) {
    return this.quizzes.list(instructor, classroomId);
  }

  @Get('quizzes/:id')
  @UseGuards(InstructorGuard)
  @ApiOperation({ summary: 'A quiz with its live results (gradebook, most-missed transitions, leaderboard)' })
  @ApiResponse({ status: 200, description: VIEW_DOC })
  results(@CurrentInstructor() instructor: InstructorPrincipal, @Param('id') quizId: string) {
    return this.quizzes.results(instructor, quizId);
  }

  @Post('quizzes/:id/control')
  @HttpCode(200)
  @UseGuards(InstructorGuard)
  @ApiOperation({ summary: 'start | end | show-leaderboard | hide-leaderboard' })
  @ApiZodBody(QuizControlBody)
  control(
    @CurrentInstructor() instructor: InstructorPrincipal,
    @Param('id') quizId: string,
    @Body(new ZodValidationPipe(QuizControlBody)) body: QuizControlBody,
  ) {
    return this.quizzes.control(instructor, quizId, body);
  }

  @Post('quizzes/:id/regrade')
  @HttpCode(200)
  @UseGuards(InstructorGuard)
  @ApiOperation({
    summary:
      'Recompute every grade from the stored transcripts (replayed with tcp-core); returns how many changed',
  })
  regrade(@CurrentInstructor() instructor: InstructorPrincipal, @Param('id') quizId: string) {
    return this.quizzes.regrade(instructor, quizId);
  }

  @Get('quizzes/:id/gradebook.csv')
  @AllowQueryToken()
  @UseGuards(InstructorGuard)
  @ApiOperation({
    summary: 'Gradebook: one row per student, one column per task (points), total, max, percent',
  })
  @ApiQuery({ name: 'lang', required: false, enum: ['en', 'zh'] })
  @ApiQuery({ name: 'token', required: false })
  @ApiProduces('text/csv')
  async gradebook(
    @CurrentInstructor() instructor: InstructorPrincipal,
    @Param('id') quizId: string,
    @Res() response: Response,
    @Query('lang') lang?: string,
  ) {
    const { title, csv } = await this.quizzes.gradebookCsv(instructor, quizId, lang === 'zh' ? 'zh' : 'en');
    const filename = `gradebook-${title.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60) || 'quiz'}.csv`;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    // a byte-order mark so spreadsheet software reads the Chinese names as UTF-8
    response.send(`\uFEFF${csv}`);
  }

  @Get('seats/me/quiz')
  @UseGuards(SeatGuard)
  @ApiOperation({
    summary:
      "The student's quiz: {quiz: QuizSummary} of the running quiz of their class (else the last one), or {quiz: null}; changes nothing (the view itself comes over the /quiz socket)",
  })
  async mine(@CurrentSeat() seat: SeatPrincipal): Promise<SeatQuiz> {
    return { quiz: await this.quizzes.studentQuizSummary(seat) };
  }
}
