-- Seats a student left or an instructor removed: kept for the class's history, off the roster and out of pairing.

-- AlterTable
ALTER TABLE "Seat" ADD COLUMN "removedAt" TIMESTAMP(3);
