# One image for the server and the lab-agent (with virtual boards); compose picks the command.
FROM node:20-bookworm
RUN apt-get update \
  && apt-get install -y --no-install-recommends socat \
  && rm -rf /var/lib/apt/lists/*
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
RUN npm run build:web
ENV NODE_ENV=production
EXPOSE 8080
CMD ["npm", "run", "server"]
