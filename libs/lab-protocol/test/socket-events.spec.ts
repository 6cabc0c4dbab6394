import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_EVENTS, SOCKET_EVENTS, type ServerEventPayloads } from '../src';

/** The server's event documentation and this list must name the same events: a client is written from either. */
const doc = readFileSync(join(__dirname, '..', '..', '..', 'apps', 'server', 'SOCKET_EVENTS.md'), 'utf8');
const section = (title: string) => doc.slice(doc.indexOf(`## ${title}`)).split(/\n## /)[0];

describe('the socket event names', () => {
  it('are the client → server events SOCKET_EVENTS.md documents, each under its own heading', () => {
    const documented = [...section('Client → server').matchAll(/^### `([a-z]+:[a-z]+)`/gm)].map((m) => m[1]);
    expect([...CLIENT_EVENTS].sort()).toEqual(documented.sort());
  });

  it('are the server → client events SOCKET_EVENTS.md documents in its table', () => {
    const documented = [...section('Server → client').matchAll(/^\| `([a-z]+:[a-z]+)`/gm)].map((m) => m[1]);
    const serverEvents = Object.values(SOCKET_EVENTS).filter(
      (name) => !(CLIENT_EVENTS as readonly string[]).includes(name),
    );
    expect(serverEvents.sort()).toEqual(documented.sort());
  });

  it('give every server → client event a payload type', () => {
    const typed: Record<keyof ServerEventPayloads, true> = {
      'lab:update': true,
      'lab:status': true,
      'seat:paired': true,
      'class:lab': true,
      'class:roster': true,
    };
    expect(Object.keys(typed).sort()).toEqual(
      Object.values(SOCKET_EVENTS)
        .filter((name) => !(CLIENT_EVENTS as readonly string[]).includes(name))
        .sort(),
    );
  });

  it('are all different', () => {
    const names = Object.values(SOCKET_EVENTS);
    expect(new Set(names).size).toBe(names.length);
  });
});
