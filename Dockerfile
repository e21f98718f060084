# Deskline server image: the API, sockets, widget, portal and console in one Node process.
# Build: docker-compose build (or docker build -t deskline .). Runs as `node`, data in /data.

# --- dependencies: every workspace's, dev ones included (the build needs them) ----------------
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY contract/package.json contract/
COPY backend/package.json backend/
COPY widget/package.json widget/
COPY admin/package.json admin/
# Install scripts stay off (package.json "allowScripts"): bcrypt ships prebuilt binaries, the Prisma
# engines are not used (driver adapters, SQL migrations), and the client is generated below.
RUN npm ci --ignore-scripts --no-audit --no-fund

# --- build: the Prisma client, the server, the widget and the console --------------------------
FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npx prisma generate
# The contract first: the server, the widget and the console import its build.
RUN npm run build --workspaces --if-present

# --- runtime: production dependencies of the server and what the build produced ---------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY contract/package.json contract/
COPY backend/package.json backend/
COPY widget/package.json widget/
COPY admin/package.json admin/
# The widget and the console are served as built files: only the server's dependencies are needed,
# without peers and optionals (the Prisma CLI and its studio, ~220 MB, are not used at run time).
RUN npm ci --omit=dev --omit=optional --omit=peer --workspace=backend --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /app/contract/dist contract/dist
COPY --from=build /app/backend/dist backend/dist
COPY --from=build /app/widget/dist widget/dist
COPY --from=build /app/admin/out admin/out
# Applied by the server at start-up, once, under a PostgreSQL advisory lock.
COPY prisma/migrations prisma/migrations
# Uploads live in /data/uploads: mount one volume there, shared by every instance.
RUN mkdir -p /data/uploads && chown -R node:node /data
USER node
EXPOSE 3000
# Ready: the database answers and the instance is not draining (the proxy stops sending traffic).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself is PID 1, so `docker stop` (SIGTERM) reaches the server's graceful shutdown.
CMD ["node", "backend/dist/index.js"]
