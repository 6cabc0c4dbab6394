-- An exam-feedback quiz may show students their endpoint's variables (TCB) while they answer: the teacher chooses.

-- AlterTable
ALTER TABLE "Quiz" ADD COLUMN "examTcb" BOOLEAN NOT NULL DEFAULT false;
