import { Injectable, OnModuleInit } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import type { AuthResponse, Instructor } from '@tcp-lab/lab-protocol';
import { Prisma } from '../generated/prisma';
import { ApiError } from '../common/api-error';
import { PrismaService } from '../database/prisma.service';
import type { LoginBody, RegisterBody } from './auth.schemas';
import { TokensService } from './tokens.service';

const WRONG_CREDENTIALS = { en: 'The email or password is wrong.', zh: '邮箱或密码不正确。' };

@Injectable()
export class AuthService implements OnModuleInit {
  /** Verified against when the email is unknown, so a wrong email costs as long as a wrong password. */
  private decoyHash = '';

  constructor(
    private readonly prisma: PrismaService,
    private readonly tokens: TokensService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.decoyHash = await hash('decoy-password-never-matches');
  }

  async register(body: RegisterBody): Promise<AuthResponse> {
    const passwordHash = await hash(body.password);
    try {
      const instructor = await this.prisma.instructor.create({
        data: { email: body.email, name: body.name, passwordHash },
        select: { id: true, email: true, name: true },
      });
      return { token: await this.tokens.signInstructor(instructor.id), instructor };
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new ApiError('CONFLICT', {
          en: 'An instructor with this email already exists.',
          zh: '该邮箱已注册。',
        });
      }
      throw error;
    }
  }

  async login(body: LoginBody): Promise<AuthResponse> {
    const found = await this.prisma.instructor.findUnique({ where: { email: body.email } });
    const matches = await verify(found?.passwordHash ?? this.decoyHash, body.password);
    if (!found || !matches) throw new ApiError('UNAUTHORIZED', WRONG_CREDENTIALS);
    return {
      token: await this.tokens.signInstructor(found.id),
      instructor: { id: found.id, email: found.email, name: found.name },
    };
  }

  async me(instructorId: string): Promise<Instructor> {
    const instructor = await this.prisma.instructor.findUnique({
      where: { id: instructorId },
      select: { id: true, email: true, name: true },
    });
    if (!instructor) throw new ApiError('UNAUTHORIZED');
    return instructor;
  }
}
