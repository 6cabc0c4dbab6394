import { Module } from '@nestjs/common';
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
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' } }),
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
