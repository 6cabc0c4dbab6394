import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
}
