import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodBody, ApiZodResponse } from '../common/api-zod';
import { RateLimit } from '../common/rate-limit';
import { ZodValidationPipe } from '../common/validation';
import { AuthService } from './auth.service';
import {
  LoginBody,
  RegisterBody,
  authResponseSchema,
  instructorSchema,
  loginSchema,
  registerSchema,
} from './auth.schemas';
import { CurrentInstructor, InstructorGuard } from './guards';
import type { InstructorPrincipal } from './principal';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @RateLimit('auth')
  @ApiZodBody(registerSchema)
  @ApiZodResponse(201, authResponseSchema, 'The new instructor and a token (valid 12 h)')
  register(@Body(new ZodValidationPipe(registerSchema)) body: RegisterBody) {
    return this.auth.register(body);
  }

  @Post('login')
  @HttpCode(200)
  @RateLimit('auth')
  @ApiZodBody(loginSchema)
  @ApiZodResponse(200, authResponseSchema, 'A token (valid 12 h)')
  login(@Body(new ZodValidationPipe(loginSchema)) body: LoginBody) {
    return this.auth.login(body);
  }

  @Get('me')
  @UseGuards(InstructorGuard)
  @ApiBearerAuth()
  @ApiZodResponse(200, z.object({ instructor: instructorSchema }))
  async me(@CurrentInstructor() principal: InstructorPrincipal) {
    return { instructor: await this.auth.me(principal.instructorId) };
  }
}
