# Tryghed's release image, for operators who run containers. The same steps as CI's "wheel"
# step (.ci/run), which is the tested path: no Docker engine runs where Tryghed is developed, so
# this file is not built by CI. docs/operations.md, "Install a release", explains it.
#
#   docker build -t tryghed .
#   docker run --env-file tryghed.env -p 8000:8000 tryghed                 # the web server
#   docker run --env-file tryghed.env tryghed tryghed worker               # the worker
#   docker run --env-file tryghed.env tryghed tryghed manage migrate       # before each start
#
# Environment: as README.md, "Configuration", lists it; at least SECRET_KEY, DATABASE_URL,
# ALLOWED_HOSTS, SITE_URL, EMAIL_URL, and REDIS_URL with more than one web process. Uploads
# live under TRYGHED_VAR_DIR=/var/lib/tryghed: mount one volume there, shared by the web
# containers and the worker.

# 1. The front-end packages (DKFDS, Chart.js), only to be collected into the wheel.
FROM node:20-bookworm-slim AS node
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# 2. The wheel: `uv build` collects the static files into it (hatch_build.py), with the
#    locked versions of the dependencies.
FROM python:3.13-slim-bookworm AS build
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
ENV UV_PYTHON_DOWNLOADS=never
WORKDIR /src
COPY . .
COPY --from=node /src/node_modules ./node_modules
RUN mkdir /dist \
    && uv export --frozen --no-dev --no-hashes --no-emit-project --quiet > /dist/requirements.txt \
    && uv build --wheel --build-constraint /dist/requirements.txt --out-dir /dist

# 3. What runs: Python, WeasyPrint's libraries (Pango) and a font for the PDFs, the wheel.
#    No Node, no source tree, no build tools.
FROM python:3.13-slim-bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN --mount=type=bind,from=build,source=/dist,target=/dist \
    pip install --no-cache-dir --disable-pip-version-check \
        -r /dist/requirements.txt /dist/tryghed-*.whl
RUN useradd --system --uid 10001 --home-dir /var/lib/tryghed --create-home tryghed
USER tryghed
WORKDIR /var/lib/tryghed
ENV TRYGHED_VAR_DIR=/var/lib/tryghed \
    HOST=0.0.0.0 \
    PORT=8000 \
    PYTHONUNBUFFERED=1
EXPOSE 8000
CMD ["tryghed", "serve"]
