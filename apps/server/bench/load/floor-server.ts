/**
 * The floor of the load benchmark: the least a server doing the product's I/O can do. A bare socket.io server
 * that, for each move, inserts one row into Postgres, acknowledges it once the insert committed, and forwards
 * the move to the lab's other student and to the instructor watching the class. No validation, no state, no
 * TCP: whatever the product spends beyond this is the cost of being a teaching server.
 *
 * Run by bench/load/run.ts as its own process: `PORT=… DATABASE_URL=… node -r ts-node/register floor-server.ts`.
 */
import { createServer } from 'node:http';
import { Pool } from 'pg';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.FLOOR_POOL ?? 10),
});

interface FloorHandshake {
  labId: string;
  classId: string;
  role: 'client' | 'server' | 'instructor';
}

async function main(): Promise<void> {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS floor_move (id bigserial PRIMARY KEY, lab_id text NOT NULL, move_id text NOT NULL,
       payload jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now(), UNIQUE (lab_id, move_id))`,
  );
  const http = createServer((request, response) => {
    response.writeHead(request.url === '/health' ? 200 : 404).end();
  });
  const io = new Server(http, { serveClient: false });
  io.on('connection', (socket) => {
    const { labId, classId, role } = socket.handshake.auth as FloorHandshake;
    if (role === 'instructor') void socket.join(`class:${classId}`);
    else void socket.join(`lab:${labId}:${role}`);
    socket.on('move', (payload: { moveId: string; move: unknown }, ack: (answer: unknown) => void) => {
      pool
        .query('INSERT INTO floor_move (lab_id, move_id, payload) VALUES ($1, $2, $3) RETURNING id', [
          labId,
          payload.moveId,
          JSON.stringify(payload.move),
        ])
        .then((result) => {
          const update = {
            labId,
            moveId: payload.moveId,
            step: Number(result.rows[0].id),
            move: payload.move,
          };
          ack({ ok: true, step: update.step });
          const peer = role === 'client' ? 'server' : 'client';
          io.to(`lab:${labId}:${peer}`).emit('update', update);
          io.to(`class:${classId}`).emit('update', update);
        })
        .catch((error: Error) => ack({ ok: false, code: 'INTERNAL_ERROR', reason: error.message }));
    });
  });
  http.listen(port, '127.0.0.1', () => {
    const address = http.address();
    process.stdout.write(`floor listening ${typeof address === 'object' && address ? address.port : port}\n`);
  });
  const stop = () => {
    io.close();
    void pool.end().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
