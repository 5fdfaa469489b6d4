# Pantau Netral: one stateless bot process. Run N of them behind any HTTP load balancer (webhooks),
# or one poller and N with WORKER_ONLY=1, all on the same PostgreSQL (DATABASE_URL).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY patches ./patches
# tsx runs the TypeScript sources directly; the postinstall step applies patches/ (postgres.js).
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
ENV HTTP_HOST=0.0.0.0 HTTP_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM (docker stop) finishes the messages in hand before exiting; give it the time to.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/main.ts"]
