/**
 * The wire contract between apps/server and apps/web, written once: HTTP bodies and answers, socket.io event
 * names, payloads and acks. tcp-core's own types (Lab, Move, TranscriptEntry, ...) travel inside them unchanged.
 */

// labs: snapshots, summaries, scenarios, the instructor's steering bodies
export * from './labs';
export * from './tcb';
export * from './lab-requests';
export * from './lab-delta';
export * from './linux-peer';

// classrooms, seats and auth
export * from './classrooms';
export * from './auth';

// errors of the HTTP API and the sockets, and the text rules every field follows
export * from './errors';
export * from './text';

// socket.io: event names, client payload schemas, acks, server messages
export * from './socket-events';
export * from './socket-payloads';
export * from './acks';

// quiz mode: views, the /quiz namespace's events and acks, and what clients send
export * from './quiz';
export * from './quiz-requests';
