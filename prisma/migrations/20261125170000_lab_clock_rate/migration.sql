-- Labs: a clock pace chosen per lab (lab ms per real ms, 0 = stopped). Null = the server's LAB_TIME_SCALE, so
-- existing labs keep the pace they had.

-- AlterTable
ALTER TABLE "Lab" ADD COLUMN "clockRate" DOUBLE PRECISION;
