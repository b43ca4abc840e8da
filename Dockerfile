# The portal's image: web (gunicorn), worker and beat all run from it; see docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LANG=C.UTF-8 \
    LC_ALL=C.UTF-8

# WeasyPrint needs Pango and HarfBuzz's subsetter; Liberation Serif 2 and Tinos carry
# every Vietnamese letter with Times New Roman's widths; gettext compiles the catalogue;
# pg_dump and pg_restore (the server's major version) make and restore the backups.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        fonts-liberation2 fonts-croscore \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        gettext postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock ./
# vietnam-provinces 2026.9.0 holds the current map; it declares Python >= 3.12 but runs
# on 3.11, and plain pip would silently pick the draft 2025.10.1 (see FACTS.md).
RUN pip install -r requirements.lock \
    && pip install --no-deps --ignore-requires-python vietnam-provinces==2026.9.0

COPY . .
# Build-time values only: production settings refuse to load without them, and
# neither command touches the database.
RUN export DJANGO_SETTINGS_MODULE=config.settings.production \
        DJANGO_SECRET_KEY=build-only-not-a-secret \
        DJANGO_ALLOWED_HOSTS=build.invalid \
        DATABASE_URL=postgres://build@build.invalid/build \
        SITE_URL=https://build.invalid \
    && python manage.py compilemessages -v 0 --ignore=.venv \
    && python manage.py collectstatic --noinput -v 0

RUN useradd --system --uid 10001 --home-dir /app diemsang \
    && mkdir -p /data/media /data/backups \
    && chown diemsang /data/media /data/backups
USER diemsang
ENV MEDIA_ROOT=/data/media \
    DJANGO_SETTINGS_MODULE=config.settings.production

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
