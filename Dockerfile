# TCP Connection Lab: one image with the server (NestJS) serving the built web app and socket.io on port 3000.
# Build: docker build -t tcp-lab .   (docker-compose.yml builds it and adds Postgres)
FROM node:20-bookworm-slim

ENV NX_DAEMON=false NX_NO_CLOUD=true CI=1
WORKDIR /app

# Linux as the peer (LINUX_PEER=1): the kernel bridge is a python3 script that runs `ip`.
RUN apt-get update && apt-get install -y --no-install-recommends python3 iproute2 \
  && rm -rf /var/lib/apt/lists/*

# Dependencies first, so a code change does not re-download them.
COPY package.json package-lock.json ./
COPY libs/tcp-core/package.json libs/tcp-core/
COPY libs/lab-protocol/package.json libs/lab-protocol/
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
RUN npm ci --no-audit --no-fund

COPY . .
# tcp-core, then the server (prisma generate + tsc) and the web app (vite) — the same build as `npm start`.
RUN npm run build

ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
EXPOSE 3000
# The server applies pending migrations (prisma/migrations) at start, with a lock, before it listens.
# `npm run db:migrate` (prisma migrate deploy) does the same from the Prisma CLI, e.g.
#   docker compose run --rm server npm run db:migrate
# the same Node flags as the server's `npm start` (a 32 MB young generation: apps/server/README.md)
CMD ["node", "--max-semi-space-size=32", "apps/server/dist/main.js"]
