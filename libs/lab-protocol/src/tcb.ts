import type { Endpoint } from '@tcp-lab/tcp-core';

/**
 * The connection's variables as RFC 9293 3.3.1 names them, as the TCB panel shows them: null where the endpoint
 * has none yet (no IRS before a SYN arrived; no send variables while CLOSED or LISTEN). A lab page derives it
 * from its lab view; a quiz task sends only this (never the endpoint's state, which an exam asks for).
 */
export interface Tcb {
  iss: number;
  irs: number | null;
  sndUna: number | null;
  sndNxt: number | null;
  rcvNxt: number | null;
  /** the windows, once tcp-core's endpoint keeps them (absent until then) */
  sndWnd?: number | null;
  rcvWnd?: number | null;
  /** lab time at which each running timer fires */
  timers: Endpoint['timers'];
}

export function tcbOf(endpoint: Endpoint): Tcb {
  const open = endpoint.state !== 'CLOSED' && endpoint.state !== 'LISTEN';
  const synced = endpoint.irs !== null && endpoint.irs !== undefined;
  const windows = endpoint as unknown as { sndWnd?: number | null; rcvWnd?: number | null };
  return {
    // the ISS is chosen when the endpoint opens; a student needs it before the first SYN
    iss: endpoint.iss,
    irs: synced ? endpoint.irs : null,
    sndUna: open ? endpoint.sndUna : null,
    sndNxt: open ? endpoint.sndNxt : null,
    rcvNxt: synced ? endpoint.rcvNxt : null,
    ...(windows.sndWnd === undefined ? {} : { sndWnd: windows.sndWnd }),
    ...(windows.rcvWnd === undefined ? {} : { rcvWnd: windows.rcvWnd }),
    timers: { ...endpoint.timers },
  };
}
