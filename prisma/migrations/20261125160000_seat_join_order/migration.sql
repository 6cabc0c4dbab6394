-- Seats: a join order that never ties (createdAt has millisecond precision, and a class joins at once).
-- Existing seats are numbered in the order they were created.

-- AlterTable
ALTER TABLE "Seat" ADD COLUMN "joinOrder" SERIAL NOT NULL;
