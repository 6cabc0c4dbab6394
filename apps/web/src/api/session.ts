/** Tokens live in localStorage so a reload rejoins the same seat (students) or stays signed in (instructors). */
const SEAT_TOKEN = 'tcp-lab.seatToken';
const INSTRUCTOR_TOKEN = 'tcp-lab.instructorToken';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // private mode: the session simply does not survive a reload
  }
}

export const seatToken = {
  get: () => read(SEAT_TOKEN),
  set: (token: string | null) => write(SEAT_TOKEN, token),
};
export const instructorToken = {
  get: () => read(INSTRUCTOR_TOKEN),
  set: (token: string | null) => write(INSTRUCTOR_TOKEN, token),
};
