import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentInstructor, CurrentSeat, InstructorGuard, SeatGuard } from '../auth/guards';
import type { InstructorPrincipal, SeatPrincipal } from '../auth/principal';
import { ApiZodBody, ApiZodResponse } from '../common/api-zod';
import { RateLimit } from '../common/rate-limit';
import { ZodValidationPipe } from '../common/validation';
import {
  CreateClassroomBody,
  JoinBody,
  classroomDetailSchema,
  classroomListItemSchema,
  classroomSchema,
  createClassroomSchema,
  joinResponseSchema,
  joinSchema,
  seatMeSchema,
  seatOfClassroomParamsSchema,
  type SeatOfClassroomParams,
} from './classrooms.schemas';
import { ClassroomsService } from './classrooms.service';

@ApiTags('classrooms')
@ApiBearerAuth()
@Controller('classrooms')
@UseGuards(InstructorGuard)
export class ClassroomsController {
  constructor(private readonly classrooms: ClassroomsService) {}

  @Post()
  @ApiZodBody(createClassroomSchema)
  @ApiZodResponse(201, classroomSchema)
  create(
    @CurrentInstructor() instructor: InstructorPrincipal,
    @Body(new ZodValidationPipe(createClassroomSchema)) body: CreateClassroomBody,
  ) {
    return this.classrooms.create(instructor.instructorId, body.name);
  }

  @Get()
  @ApiZodResponse(200, z.array(classroomListItemSchema))
  list(@CurrentInstructor() instructor: InstructorPrincipal) {
    return this.classrooms.list(instructor.instructorId);
  }

  @Get(':id')
  @ApiZodResponse(200, classroomDetailSchema, 'Only the owner; another instructor gets 403 FORBIDDEN')
  detail(@CurrentInstructor() instructor: InstructorPrincipal, @Param('id') id: string) {
    return this.classrooms.detail(id, instructor.instructorId);
  }

  @Delete(':id/seats/:seatId')
  @HttpCode(204)
  @ApiNoContentResponse({
    description:
      'Removes the seat from the roster: never paired again, its token stops working (401 naming SEAT_REMOVED) and its open tabs are closed. Only the owner (403 FORBIDDEN); unknown or already removed seat: 404 NOT_FOUND; ids not UUIDs: 400 VALIDATION_FAILED',
  })
  async removeSeat(
    @CurrentInstructor() instructor: InstructorPrincipal,
    @Param(new ZodValidationPipe(seatOfClassroomParamsSchema)) params: SeatOfClassroomParams,
  ): Promise<void> {
    await this.classrooms.removeSeat(params.id, params.seatId, instructor.instructorId);
  }
}

@ApiTags('classrooms')
@Controller()
export class SeatsController {
  constructor(private readonly classrooms: ClassroomsService) {}

  @Post('join')
  @RateLimit('join')
  @ApiZodBody(joinSchema)
  @ApiZodResponse(201, joinResponseSchema, 'A seat and its token (valid 7 days); unknown code: 404 NOT_FOUND')
  join(@Body(new ZodValidationPipe(joinSchema)) body: JoinBody) {
    return this.classrooms.join(body.joinCode, body.displayName);
  }

  @Get('seats/me')
  @UseGuards(SeatGuard)
  @ApiBearerAuth()
  @ApiZodResponse(200, seatMeSchema)
  me(@CurrentSeat() seat: SeatPrincipal) {
    return this.classrooms.seatMe(seat.seatId);
  }

  @Delete('seats/me')
  @UseGuards(SeatGuard)
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiNoContentResponse({
    description:
      '"Leave this seat": the seat leaves the roster and pairing, its name is free, its token stops working',
  })
  async leave(@CurrentSeat() seat: SeatPrincipal): Promise<void> {
    await this.classrooms.leaveSeat(seat.seatId, seat.classroomId);
  }
}
