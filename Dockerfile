# The project image for the docker-compose stack: Airflow 3 + dbt + Great Expectations + kinerja,
# installed from the same lock file as `make`.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 DO_NOT_TRACK=1 DBT_SEND_ANONYMOUS_USAGE_STATS=False \
    AIRFLOW_HOME=/opt/airflow KINERJA_HOME=/opt/kinerja/state KINERJA_LANDING=/opt/kinerja/landing
WORKDIR /opt/kinerja/app
COPY requirements.lock pyproject.toml README.md ./
RUN pip install --no-cache-dir uv==0.13.8 \
 && uv pip install --system --no-cache -r requirements.lock
COPY . .
RUN uv pip install --system --no-cache --no-deps -e .
