# One image for every hub service; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# The embedded PostgreSQL is not used in containers (DATABASE_URL points at the postgres service).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --ignore-scripts \
  && mkdir -p /var/lib/hub && chown node:node /var/lib/hub
ENV HUB_HOST=0.0.0.0 HUB_HOME=/var/lib/hub
USER node
ENTRYPOINT ["node", "dist/bin/hub.js"]
