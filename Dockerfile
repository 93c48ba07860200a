# pretix-mock: a faithful mock of pretix's REST API (organizer webhooks), as a container.
# Legacy-builder syntax only (no BuildKit features), so `DOCKER_BUILDKIT=0 docker build` works.
#
#   docker build -t pretix-mock .
#   docker run --rm -p 8080:8080 pretix-mock
#
# Build arguments:
#   BASE_IMAGE     a Node 20 image with npm, used by both stages (default node:20-bookworm-slim).
#   NPM_CA_BUNDLE  path, inside the build context, of a PEM file with extra CA certificates for
#                  npm behind a TLS-intercepting proxy. Used by the build stage only.
ARG BASE_IMAGE=node:20-bookworm-slim

FROM ${BASE_IMAGE} AS build
ARG NPM_CA_BUNDLE=
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /build
# Dependencies first, so the layer is reused while only the sources change. --ignore-scripts:
# `prepare` would build, and the sources are not here yet.
COPY package.json package-lock.json ${NPM_CA_BUNDLE} ./
RUN if [ -n "$NPM_CA_BUNDLE" ]; then export NODE_EXTRA_CA_CERTS="$PWD/${NPM_CA_BUNDLE##*/}"; fi \
 && npm ci --ignore-scripts --no-audit --no-fund
# What `prepare` does (patch-package, then the build), then only production dependencies stay.
COPY patches ./patches
RUN npx --no patch-package
COPY tsconfig.json tsconfig.build.json tsconfig.cjs.json redocly.yaml ./
COPY openapi ./openapi
# The build checks the built-in fixtures against the spec too (dist/fixture-checked.json).
COPY fixtures ./fixtures
COPY src ./src
# The build records the spec swagger-parser checked and the fixtures it checked, so the container starts without checking them again,
# bundles the CLI and the package entry with their dependencies (scripts/build-bundle.mjs), bundles
# the dashboard (ui/) into dist/ui/ and makes the CommonJS entry.
COPY scripts/check-spec.ts scripts/build-ui.ts scripts/build-cjs.mjs scripts/build-bundle.mjs ./scripts/
COPY ui ./ui
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${BASE_IMAGE}
# No npm, npx, corepack or yarn at run time.
RUN rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
      /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-* \
 && mkdir -p /data && chown node:node /data
WORKDIR /app
COPY --from=build /build/package.json ./
COPY --from=build /build/node_modules ./node_modules
COPY --from=build /build/dist ./dist
COPY openapi ./openapi
COPY fixtures ./fixtures
COPY README.md ./
# The CLI reads these, and PRETIX_MOCK_FIXTURES and PRETIX_MOCK_DATA (PRETIX_MOCK_ADMIN_TOKEN and
# PRETIX_MOCK_LATENCY are reserved). State stays in memory unless PRETIX_MOCK_DATA names a file,
# for example /data/pretix-mock.json on a mounted volume.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    LOG_LEVEL=info
USER node
EXPOSE 8080
# Slim images have no curl: node asks the health endpoint, which needs no credentials.
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/__admin/health', { signal: AbortSignal.timeout(2500) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and stops on SIGTERM/SIGINT itself (in-flight requests get up to 5 s).
ENTRYPOINT ["node", "/app/dist/bin/pretix-mock.js"]
