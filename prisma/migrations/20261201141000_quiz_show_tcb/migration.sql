-- Quizzes: whether students see their TCB panel during a task (an exam's teacher may switch it off).

-- AlterTable
ALTER TABLE "Quiz" ADD COLUMN "showTcb" BOOLEAN NOT NULL DEFAULT true;
