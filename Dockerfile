FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=wcocb.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends gettext curl libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir -e .
COPY . .
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379 \
    python manage.py collectstatic --noinput && python manage.py compilemessages --ignore=.venv
RUN useradd --create-home wcocb && chown -R wcocb /app
USER wcocb
EXPOSE 8000
CMD ["gunicorn", "wcocb.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
