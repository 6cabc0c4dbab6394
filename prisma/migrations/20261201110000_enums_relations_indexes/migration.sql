-- Statuses and modes become Postgres enums (the values tcp-core and the wire contract use), ids that refer to
-- rows get foreign keys, and the lookups every move and every socket connection make get indexes.
-- Hand-edited from `prisma migrate diff`: the enum columns are converted in place instead of dropped and re-added.

-- CreateEnum
CREATE TYPE "LabMode" AS ENUM ('calls', 'stack');

-- CreateEnum
CREATE TYPE "LabStatus" AS ENUM ('waiting', 'running', 'paused', 'ended');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('client', 'server');

-- CreateEnum
CREATE TYPE "QuizFeedback" AS ENUM ('practice', 'exam');

-- CreateEnum
CREATE TYPE "QuizTimeLimitScope" AS ENUM ('task', 'quiz');

-- CreateEnum
CREATE TYPE "QuizStatus" AS ENUM ('draft', 'running', 'ended');

-- CreateEnum
CREATE TYPE "QuizPairing" AS ENUM ('solo', 'pairs');

-- DropIndex
DROP INDEX "Seat_classroomId_idx";

-- DropIndex
DROP INDEX "Quiz_classroomId_idx";

-- AlterTable: text columns become enums in place (USING casts keep every row's value)
ALTER TABLE "Lab" ALTER COLUMN "mode" TYPE "LabMode" USING ("mode"::"LabMode"),
ALTER COLUMN "status" TYPE "LabStatus" USING ("status"::"LabStatus");

-- AlterTable
ALTER TABLE "LabRound" ALTER COLUMN "mode" TYPE "LabMode" USING ("mode"::"LabMode");

-- AlterTable
ALTER TABLE "Quiz" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Quiz" ALTER COLUMN "feedback" TYPE "QuizFeedback" USING ("feedback"::"QuizFeedback"),
ALTER COLUMN "timeLimitScope" TYPE "QuizTimeLimitScope" USING ("timeLimitScope"::"QuizTimeLimitScope"),
ALTER COLUMN "status" TYPE "QuizStatus" USING ("status"::"QuizStatus");
ALTER TABLE "Quiz" ALTER COLUMN "status" SET DEFAULT 'draft';

-- AlterTable
ALTER TABLE "QuizTask" ALTER COLUMN "role" TYPE "Role" USING ("role"::"Role"),
ALTER COLUMN "pairing" TYPE "QuizPairing" USING ("pairing"::"QuizPairing");

-- AlterTable
ALTER TABLE "QuizGrade" ALTER COLUMN "role" TYPE "Role" USING ("role"::"Role");

-- CreateIndex
CREATE INDEX "Seat_classroomId_joinOrder_idx" ON "Seat"("classroomId", "joinOrder");

-- CreateIndex
CREATE INDEX "Lab_clientSeatId_status_idx" ON "Lab"("clientSeatId", "status");

-- CreateIndex
CREATE INDEX "Lab_serverSeatId_status_idx" ON "Lab"("serverSeatId", "status");

-- CreateIndex
CREATE INDEX "Lab_status_idx" ON "Lab"("status");

-- CreateIndex
CREATE INDEX "Quiz_classroomId_status_idx" ON "Quiz"("classroomId", "status");

-- CreateIndex
CREATE INDEX "Quiz_status_idx" ON "Quiz"("status");

-- CreateIndex
CREATE INDEX "QuizRun_clientSeatId_idx" ON "QuizRun"("clientSeatId");

-- CreateIndex
CREATE INDEX "QuizRun_serverSeatId_idx" ON "QuizRun"("serverSeatId");

-- CreateIndex
CREATE INDEX "QuizGrade_runId_idx" ON "QuizGrade"("runId");

-- CreateIndex
CREATE INDEX "QuizGrade_taskId_idx" ON "QuizGrade"("taskId");

-- AddForeignKey
ALTER TABLE "Lab" ADD CONSTRAINT "Lab_clientSeatId_fkey" FOREIGN KEY ("clientSeatId") REFERENCES "Seat"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lab" ADD CONSTRAINT "Lab_serverSeatId_fkey" FOREIGN KEY ("serverSeatId") REFERENCES "Seat"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabRound" ADD CONSTRAINT "LabRound_clientSeatId_fkey" FOREIGN KEY ("clientSeatId") REFERENCES "Seat"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabRound" ADD CONSTRAINT "LabRound_serverSeatId_fkey" FOREIGN KEY ("serverSeatId") REFERENCES "Seat"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizRun" ADD CONSTRAINT "QuizRun_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "QuizTask"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizRun" ADD CONSTRAINT "QuizRun_clientSeatId_fkey" FOREIGN KEY ("clientSeatId") REFERENCES "Seat"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizRun" ADD CONSTRAINT "QuizRun_serverSeatId_fkey" FOREIGN KEY ("serverSeatId") REFERENCES "Seat"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizGrade" ADD CONSTRAINT "QuizGrade_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "QuizTask"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizGrade" ADD CONSTRAINT "QuizGrade_seatId_fkey" FOREIGN KEY ("seatId") REFERENCES "Seat"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizGrade" ADD CONSTRAINT "QuizGrade_runId_fkey" FOREIGN KEY ("runId") REFERENCES "QuizRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

