# One image for both roles: `npm run worker` and `npm run server` (see docker-compose.yml).
# Node 24 LTS, the baseline (package.json engines); the lock file installs exactly with npm ci.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
# Install scripts: package.json's allowScripts (all denied, see README "Dependencies and why").
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY . .
USER node
EXPOSE 3000
CMD ["npm", "run", "server"]
