-- Quiz mode: quizzes, their tasks, runs (a tcp-core lab driven by the task's script), run transcripts and grades.
-- Generated with `prisma migrate diff --from-schema-datamodel <previous schema> --to-schema-datamodel prisma/schema.prisma --script`.
-- CreateTable
CREATE TABLE "Quiz" (
    "id" TEXT NOT NULL,
    "classroomId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "feedback" TEXT NOT NULL,
    "timeLimitScope" TEXT NOT NULL,
    "timeLimitSeconds" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "leaderboardVisible" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "Quiz_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuizTask" (
    "id" TEXT NOT NULL,
    "quizId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "catalogId" TEXT,
    "title" JSONB NOT NULL,
    "script" JSONB NOT NULL,
    "setupMoves" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "pairing" TEXT NOT NULL,
    "plan" JSONB NOT NULL,

    CONSTRAINT "QuizTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuizRun" (
    "id" TEXT NOT NULL,
    "quizId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "clientSeatId" TEXT,
    "serverSeatId" TEXT,
    "status" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "state" JSONB NOT NULL,
    "cursor" INTEGER NOT NULL DEFAULT 0,
    "moveCount" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadlineAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "QuizRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuizRunMove" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "actorKey" TEXT NOT NULL,
    "clientMoveId" TEXT,
    "correct" BOOLEAN,
    "ruleId" TEXT,
    "entry" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuizRunMove_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuizGrade" (
    "id" TEXT NOT NULL,
    "quizId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "seatId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "expected" INTEGER NOT NULL,
    "answered" INTEGER NOT NULL DEFAULT 0,
    "correct" INTEGER NOT NULL DEFAULT 0,
    "decisions" JSONB NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "QuizGrade_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Quiz_classroomId_idx" ON "Quiz"("classroomId");

-- CreateIndex
CREATE UNIQUE INDEX "QuizTask_quizId_position_key" ON "QuizTask"("quizId", "position");

-- CreateIndex
CREATE INDEX "QuizRun_quizId_taskId_idx" ON "QuizRun"("quizId", "taskId");

-- CreateIndex
CREATE UNIQUE INDEX "QuizRunMove_runId_step_key" ON "QuizRunMove"("runId", "step");

-- CreateIndex
CREATE UNIQUE INDEX "QuizRunMove_runId_actorKey_clientMoveId_key" ON "QuizRunMove"("runId", "actorKey", "clientMoveId");

-- CreateIndex
CREATE INDEX "QuizGrade_quizId_seatId_idx" ON "QuizGrade"("quizId", "seatId");

-- CreateIndex
CREATE UNIQUE INDEX "QuizGrade_quizId_taskId_seatId_key" ON "QuizGrade"("quizId", "taskId", "seatId");

-- AddForeignKey
ALTER TABLE "Quiz" ADD CONSTRAINT "Quiz_classroomId_fkey" FOREIGN KEY ("classroomId") REFERENCES "Classroom"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizTask" ADD CONSTRAINT "QuizTask_quizId_fkey" FOREIGN KEY ("quizId") REFERENCES "Quiz"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizRun" ADD CONSTRAINT "QuizRun_quizId_fkey" FOREIGN KEY ("quizId") REFERENCES "Quiz"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizRunMove" ADD CONSTRAINT "QuizRunMove_runId_fkey" FOREIGN KEY ("runId") REFERENCES "QuizRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizGrade" ADD CONSTRAINT "QuizGrade_quizId_fkey" FOREIGN KEY ("quizId") REFERENCES "Quiz"("id") ON DELETE CASCADE ON UPDATE CASCADE;

