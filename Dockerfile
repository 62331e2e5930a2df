# charcount-lab images. One file, three targets:
#
#   docker build --target server -t charcount-lab-server .
#   docker build --target client -t charcount-lab-client .
#   docker build --target checker -t charcount-lab-checker .
#
# (docker compose builds them; the checker with --profile check.) Every stage starts from the
# same base image. Plain Dockerfile syntax on purpose: no "# syntax=" frontend and no RUN --mount,
# so it builds offline once the base image is present, with BuildKit or with the classic builder
# (testcontainers uses that).

# --- build: every dependency, compile TypeScript to dist/ ------------------------------------
FROM node:24-trixie-slim AS build
# The classic builder keeps each intermediate stage as an untagged image; the label lets the
# tests find and remove the ones their build made.
LABEL org.charcount-lab.stage=build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.json tsconfig.build.json ./
COPY protocol ./protocol
COPY server ./server
COPY accelerators ./accelerators
COPY command-line ./command-line
COPY language ./language
COPY host-os ./host-os
COPY client ./client
COPY checker ./checker
COPY sequence-diagram ./sequence-diagram
RUN npm run build

# --- prod-deps: production dependencies only ---------------------------------------------------
FROM node:24-trixie-slim AS prod-deps
LABEL org.charcount-lab.stage=prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

# --- server: charcount-server ------------------------------------------------------------------
FROM node:24-trixie-slim AS server
ENV NODE_ENV=production
WORKDIR /app
# Files stay owned by root: the node user can run the code but not change it.
COPY package.json ./
# The server and the client need only dotenv (no dependencies of its own); the checker's
# Docker and zip libraries stay out of these images.
COPY --from=prod-deps /app/node_modules/dotenv ./node_modules/dotenv
COPY --from=build /src/dist/protocol ./dist/protocol
COPY --from=build /src/dist/command-line ./dist/command-line
COPY --from=build /src/dist/server ./dist/server
# Loaded only with ACCELERATION=on (or WORKERS > 1). The image runs the plain server by
# default: the server a student reads in server/ is the one that answers (lab-notes/performance.md).
COPY --from=build /src/dist/accelerators ./dist/accelerators
USER node
EXPOSE 12345
# node is PID 1 and the server handles SIGTERM itself: it stops accepting, answers what
# clients already sent and exits 0, so `docker stop` returns at once instead of after 10 s.
STOPSIGNAL SIGTERM
# A real message over the protocol, checked by the protocol core (see server/healthcheck.ts);
# each probe shows in the log as a connection from 127.0.0.1 sending "healthcheck".
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "/app/dist/server/healthcheck.js"]
ENTRYPOINT ["node", "/app/dist/server/main.js"]

# --- client: charcount-client and the lab scripts ---------------------------------------------
FROM node:24-trixie-slim AS client
ENV NODE_ENV=production \
    SERVER_HOST=server \
    SERVER_PORT=12345
WORKDIR /app
COPY package.json ./
# The server and the client need only dotenv (no dependencies of its own); the checker's
# Docker and zip libraries stay out of these images.
COPY --from=prod-deps /app/node_modules/dotenv ./node_modules/dotenv
COPY --from=build /src/dist/protocol ./dist/protocol
COPY --from=build /src/dist/command-line ./dist/command-line
COPY --from=build /src/dist/client ./dist/client
COPY lab-notes/scripts ./lab-notes/scripts
USER node
# With no command: interactive at a terminal (docker run -it), one message per line from a
# pipe (docker run -i), and the default lab session when stdin is neither (docker run,
# docker compose up). Arguments go to charcount-client: send MESSAGE..., run [SCRIPT], --help.
ENTRYPOINT ["/bin/sh", "-c", "if [ $# -eq 0 ] && [ ! -t 0 ] && [ ! -p /dev/stdin ]; then set -- run; fi; exec node /app/dist/client/main.js \"$@\"", "charcount-client"]

# --- checker: charcount-check, and the probe agent of --submission -------------------------------
# One image, two uses: `docker compose --profile check run --rm check` runs charcount-check in
# it, and charcount-check --submission starts it again as the probe container, with the agent
# (dist/checker/probe/agent.js) as its command, in the submission's network namespace.
FROM node:24-trixie-slim AS checker
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /src/dist/protocol ./dist/protocol
COPY --from=build /src/dist/command-line ./dist/command-line
COPY --from=build /src/dist/language ./dist/language
COPY --from=build /src/dist/host-os ./dist/host-os
# The checker reads /proc/net/tcp with the server's own port-holders module; all of dist/server
# is copied (a few hundred KB) so that a new import from it cannot break this image.
COPY --from=build /src/dist/server ./dist/server
COPY --from=build /src/dist/checker ./dist/checker
# The HTML report's diagrams (--format html).
COPY --from=build /src/dist/sequence-diagram ./dist/sequence-diagram
USER node
ENTRYPOINT ["node", "/app/dist/checker/main.js"]
