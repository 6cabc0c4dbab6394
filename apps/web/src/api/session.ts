import type { Bilingual } from '@tcp-lab/tcp-core';

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

/**
 * Why the student was sent to the join screen (their seat was removed, their session expired), shown there once.
 * sessionStorage: it concerns this tab only and must not greet the next student at a shared computer tomorrow.
 */
const JOIN_NOTICE = 'tcp-lab.joinNotice';
export const joinNotice = {
  read(): Bilingual | null {
    try {
      const raw = sessionStorage.getItem(JOIN_NOTICE);
      const parsed: unknown = raw ? JSON.parse(raw) : null;
      const notice = parsed as Partial<Bilingual> | null;
      return notice && typeof notice.en === 'string' && typeof notice.zh === 'string'
        ? { en: notice.en, zh: notice.zh }
        : null;
    } catch {
      return null;
    }
  },
  clear(): void {
    try {
      sessionStorage.removeItem(JOIN_NOTICE);
    } catch {
      // no storage: nothing kept
    }
  },
  set(notice: Bilingual): void {
    try {
      sessionStorage.setItem(JOIN_NOTICE, JSON.stringify(notice));
    } catch {
      // no storage: the join screen simply says nothing
    }
  },
};
