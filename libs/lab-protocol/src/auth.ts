export interface Instructor {
  id: string;
  email: string;
  name: string;
}

/** `POST /api/auth/register` and `POST /api/auth/login`; the token is an instructor JWT (12 h). */
export interface AuthResponse {
  token: string;
  instructor: Instructor;
}

/** `GET /api/auth/me` */
export interface InstructorMe {
  instructor: Instructor;
}
