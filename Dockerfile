# One image for every Hourglass app; the command picks the app (see deploy/compose.yaml and deploy/k8s).
#   docker build -t hourglass:latest .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The build needs the dev dependencies (TypeScript, esbuild); `prepare` builds, so sources come first.
COPY tsconfig*.json ./
COPY apps apps
COPY libs libs
COPY bench bench
COPY bin bin
RUN npm ci --ignore-scripts && npm run build && npm prune --omit=dev --ignore-scripts \
  # chDB's native library is fetched by its install script, which --ignore-scripts skipped.
  && npm rebuild chdb

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOURGLASS_HTTP_HOST=0.0.0.0 \
    HOURGLASS_LOG_FORMAT=json \
    HOURGLASS_DATA_DIR=/var/lib/hourglass
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/bin bin
RUN mkdir -p /var/lib/hourglass && chown node:node /var/lib/hourglass
USER node
EXPOSE 8080
# Probes: /livez (the process answers), /readyz (NATS, Redis and ClickHouse reachable, not stopping).
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:8080/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# `hourglass serve` by default: every module in one process. The module apps: node dist/apps/<name>/src/main.js
CMD ["node", "dist/apps/hourglass/src/main.js", "serve"]
