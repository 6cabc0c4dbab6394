import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { JwtModule } from '@nestjs/jwt';
import { SocketEdge } from '../common/socket-edge';
import { AppConfig } from '../config/app-config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { InstructorGuard, PrincipalGuard, SeatGuard } from './guards';
import { SocketAuthService } from './socket-auth.service';
import { TokensService } from './tokens.service';

/**
 * Instructors' accounts and everyone's tokens. Other modules import AuthModule for the guards
 * (`@UseGuards(InstructorGuard)`), TokensService (seat tokens), SocketAuthService and the socket edge every
 * gateway serves its namespace through (SocketEdge).
 */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      // A KeyObject, not the string: given a string, jsonwebtoken first tries to read it as a PEM public key
      // (which throws) on every verify; a profile of a handshake flood showed that attempt as 15% of the CPU.
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokensService,
    SocketAuthService,
    SocketEdge,
    PrincipalGuard,
    InstructorGuard,
    SeatGuard,
  ],
  exports: [TokensService, SocketAuthService, SocketEdge, PrincipalGuard, InstructorGuard, SeatGuard],
})
export class AuthModule {}
