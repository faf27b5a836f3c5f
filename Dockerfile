# fleetsim in a container, for sweeps that run as a Kubernetes Indexed Job or an AWS Batch array
# job (see docs/sweeps.md). The entrypoint is the CLI:
#   docker build -t fleetsim:0.1.0 .
#   docker run --rm -v "$PWD/results:/results" fleetsim:0.1.0 sweep scenarios/quickstart.yaml --seeds 1..20 --out /results/sweep

# Build stage: `npm ci` installs everything and, through the `prepare` script, compiles to dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY bench ./bench
RUN npm ci

# Runtime stage: production dependencies, the compiled CLI and the scenarios.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY scenarios ./scenarios
# Runs as the image's unprivileged user (uid/gid 1000): mount /results writable for it
# (fsGroup 1000 in Kubernetes; an EFS access point with uid/gid 1000 on AWS Batch).
USER node
ENTRYPOINT ["node", "/app/bin/fleetsim.js"]
CMD ["--help"]
