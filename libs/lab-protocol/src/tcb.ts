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
  /** SND.WND and RCV.WND (RFC 9293 3.3.1); optional so that a task written before the windows still reads */
  sndWnd?: number | null;
  rcvWnd?: number | null;
  /** MSS and window scale negotiated on the SYNs (tcp-core's Endpoint.negotiated); null before a SYN arrived */
  negotiated?: Endpoint['negotiated'] | null;
  /** lab time at which each running timer fires */
  timers: Endpoint['timers'];
}

export function tcbOf(endpoint: Endpoint): Tcb {
  const open = endpoint.state !== 'CLOSED' && endpoint.state !== 'LISTEN';
  const synced = endpoint.irs !== null && endpoint.irs !== undefined;
  return {
    // the ISS is chosen when the endpoint opens; a student needs it before the first SYN
    iss: endpoint.iss,
    irs: synced ? endpoint.irs : null,
    sndUna: open ? endpoint.sndUna : null,
    sndNxt: open ? endpoint.sndNxt : null,
    rcvNxt: synced ? endpoint.rcvNxt : null,
    // SND.WND is what the peer advertised, so it means something only once synchronized; RCV.WND once open
    sndWnd: synced && open ? endpoint.sndWnd : null,
    rcvWnd: open ? endpoint.rcvWnd : null,
    negotiated: endpoint.negotiated ? { ...endpoint.negotiated } : null,
    timers: { ...endpoint.timers },
  };
}
