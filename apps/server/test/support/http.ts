import { randomBytes } from 'node:crypto';

/** The answer to one real HTTP request: status and parsed JSON body (or text when it is not JSON). */
// Tests read arbitrary JSON answers; `any` keeps their assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** a raw body sent as-is with content-type application/json (for malformed or oversized bodies) */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** fetch with JSON in and out: `await http(url, 'POST', '/api/join', { body: {...} })`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function http<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(baseUrl + path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (e.g. the web app's index.html)
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export interface InstructorSession {
  token: string;
  instructor: { id: string; email: string; name: string };
  password: string;
}

export interface ClassroomInfo {
  id: string;
  name: string;
  joinCode: string;
  createdAt: string;
}

export interface StudentSession {
  token: string;
  seat: { id: string; displayName: string };
  classroom: { id: string; name: string };
}

function expectStatus(result: HttpResult, status: number, what: string): void {
  if (result.status !== status)
    throw new Error(`${what}: expected ${status}, got ${result.status} ${JSON.stringify(result.body)}`);
}

/** Registers a new instructor with a unique email over HTTP. */
export async function registerInstructor(baseUrl: string, name = 'Teacher Li'): Promise<InstructorSession> {
  const password = 'correct horse battery';
  const email = `teacher-${randomBytes(5).toString('hex')}@school.example`;
  const result = await http(baseUrl, 'POST', '/api/auth/register', { body: { email, name, password } });
  expectStatus(result, 201, 'register instructor');
  return { ...result.body, password };
}

export async function createClassroom(
  baseUrl: string,
  instructorToken: string,
  name = 'Networks 101',
): Promise<ClassroomInfo> {
  const result = await http(baseUrl, 'POST', '/api/classrooms', { token: instructorToken, body: { name } });
  expectStatus(result, 201, 'create classroom');
  return result.body;
}

export async function joinStudent(
  baseUrl: string,
  joinCode: string,
  displayName: string,
): Promise<StudentSession> {
  const result = await http(baseUrl, 'POST', '/api/join', { body: { joinCode, displayName } });
  expectStatus(result, 201, `join ${displayName}`);
  return result.body;
}

/** An instructor, a classroom and students who joined it in the given order: the usual start of a lab test. */
export async function setUpClassroom(baseUrl: string, studentNames: string[] = ['Alice', 'Bob']) {
  const instructor = await registerInstructor(baseUrl);
  const classroom = await createClassroom(baseUrl, instructor.token);
  const students: StudentSession[] = [];
  for (const name of studentNames) students.push(await joinStudent(baseUrl, classroom.joinCode, name));
  return { instructor, classroom, students };
}
