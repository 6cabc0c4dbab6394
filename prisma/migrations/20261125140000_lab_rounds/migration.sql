-- Labs: rounds (each round replays from its own settings) and the dashboard's `stuck` hint.
-- Generated with `prisma migrate diff --from-schema-datamodel <previous schema> --to-schema-datamodel prisma/schema.prisma --script`,
-- then made idempotent (IF NOT EXISTS) so it also applies cleanly to a database whose first migration already has these.

-- AlterTable
ALTER TABLE "Lab" ADD COLUMN IF NOT EXISTS "roundStartedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN IF NOT EXISTS "sameStateMoves" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE IF NOT EXISTS "LabRound" (
    "id" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "settings" JSONB NOT NULL,
    "clientSeatId" TEXT,
    "serverSeatId" TEXT,
    "scenarioId" TEXT,
    "mode" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LabRound_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX IF NOT EXISTS "LabRound_labId_round_key" ON "LabRound"("labId", "round");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "LabMove_labId_round_step_idx" ON "LabMove"("labId", "round", "step");

-- AddForeignKey
-- Drop-then-add keeps it idempotent without a DO block: prisma migrate deploy splits a script at every
-- semicolon, so dollar-quoted blocks (and semicolons or quotes in comments) break it. See apps/server/README.md.
ALTER TABLE "LabRound" DROP CONSTRAINT IF EXISTS "LabRound_labId_fkey";
ALTER TABLE "LabRound" ADD CONSTRAINT "LabRound_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;
