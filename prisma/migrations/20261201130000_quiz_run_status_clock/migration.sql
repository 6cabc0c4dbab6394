-- A quiz run's and grade's status becomes a Postgres enum (the wire contract's values, 'timed-out' included), and a
-- run records when its clock started: a pair's task clock starts only when both students can act.
-- Hand-edited from `prisma migrate diff`: the status columns are converted in place instead of dropped and re-added.

-- CreateEnum
CREATE TYPE "QuizRunStatus" AS ENUM ('running', 'finished', 'timed-out');

-- AlterTable: text columns become the enum in place (USING casts keep every row's value)
ALTER TABLE "QuizRun" ALTER COLUMN "status" TYPE "QuizRunStatus" USING ("status"::"QuizRunStatus");

-- AlterTable
ALTER TABLE "QuizGrade" ALTER COLUMN "status" TYPE "QuizRunStatus" USING ("status"::"QuizRunStatus");

-- AlterTable
ALTER TABLE "QuizRun" ADD COLUMN "clockStartedAt" TIMESTAMP(3);

-- Runs made before this migration started their clock when they were created
UPDATE "QuizRun" SET "clockStartedAt" = "startedAt";
