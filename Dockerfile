# One image for the server and the lab-agent (with virtual boards); compose picks the command.
# Build stage: every dependency, the web bundle and the JavaScript build of server and agent.
FROM node:20-bookworm AS build
# Node's headers live under /usr/local in this image (the repository's .npmrc points at /usr).
ENV npm_config_nodedir=/usr/local
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY protocol/package.json protocol/
COPY server/package.json server/
COPY lab-agent/package.json lab-agent/
COPY web/package.json web/
COPY tests/package.json tests/
RUN npm ci
COPY . .
RUN npm run build:web && npm run build \
  # Keep only what runs in production: no dev dependencies, no npm cache, no sources or tests.
  && npm prune --omit=dev \
  && npm cache clean --force \
  # Production dependencies of the web client and the tests that the server and agent never load
  # (the web client is bundled above), and better-sqlite3's sources and object files (it loads
  # build/Release/better_sqlite3.node only).
  && rm -rf node_modules/typescript node_modules/playwright-core \
    node_modules/better-sqlite3/deps node_modules/better-sqlite3/src \
    node_modules/better-sqlite3/build/Release/obj.target node_modules/better-sqlite3/build/Release/.deps \
    node_modules/better-sqlite3/build/deps \
  && mkdir -p /out/data \
  && cp -a package.json node_modules firmware-config /out/ \
  && mkdir -p /out/web && cp -a web/dist /out/web/ \
  && for pkg in protocol server lab-agent; do \
       mkdir -p /out/$pkg && cp -a $pkg/package.json $pkg/dist /out/$pkg/ \
       && if [ -d $pkg/node_modules ]; then cp -a $pkg/node_modules /out/$pkg/; fi; \
     done

# Runtime stage: plain node on the built JavaScript, as the unprivileged user `node` (uid 1000).
# socat makes the virtual boards' pseudo-terminals. npm, yarn and corepack are not needed to run:
# removing them saves ~20 MB and keeps `npm run` (a shell between the init and node that
# swallowed SIGTERM) out of the containers.
FROM node:20-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends socat \
  && apt-get clean \
  && rm -rf /var/lib/apt/lists/* /usr/local/lib/node_modules /opt/yarn-* \
    /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /out /app
COPY --chown=node:node scripts/compose/agent-with-virtual-boards.sh /app/bin/
USER node
EXPOSE 8080
CMD ["node", "server/dist/main.js"]
