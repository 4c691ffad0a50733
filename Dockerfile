# The assistant's image: every process runs from it, the command chooses which
# (deploy/compose/compose.yaml and deploy/kubernetes/ give each one its command):
#   Rasa server     python -m bot.rasa_server run --interface 0.0.0.0 --port 5005 --model models
#                          --endpoints endpoints.yml --credentials credentials.yml   (the default)
#   action server   python -m bot.action_server --port 5055
#   web server      python -m bot.web                       (WEB_HOST=0.0.0.0 is set below)
#   Telegram bridge python -m bot.telegram
#
# Build it after `make model`, which trains models/afpa-assistant.tar.gz if needed:
#   make model && docker build -t afpa-assistant:$(git rev-parse --short HEAD) .
# The dependencies are exactly requirements.lock (one resolve, see docs/architecture.md).
FROM python:3.10-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RASA_TELEMETRY_ENABLED=false \
    TF_CPP_MIN_LOG_LEVEL=2 \
    # Fewer glibc malloc arenas for TensorFlow's threads (docs/performance.md).
    MALLOC_ARENA_MAX=2 \
    WEB_HOST=0.0.0.0 \
    SANIC_HOST=0.0.0.0

WORKDIR /app

# Dependencies first: this layer is rebuilt only when the lock changes.
COPY requirements.lock ./
RUN pip install --no-deps -r requirements.lock && pip check

# The code, the data the actions read, and the trained model (never trained here).
COPY alembic.ini config.yml credentials.yml endpoints.yml ./
COPY actions/ actions/
COPY bot/ bot/
COPY nlu/ nlu/
COPY domain/ domain/
COPY migrations/ migrations/
COPY data/catalogue/ data/catalogue/
COPY data/territory/ data/territory/
COPY data/centres.csv data/centres.csv
COPY models/afpa-assistant.tar.gz models/afpa-assistant.tar.gz

# An unprivileged user; var/ holds the SQLite files and the web secret when no
# database or secret is configured (a single container trying things out).
# (A home folder: Rasa and Matplotlib keep small settings files there.)
RUN useradd --uid 10001 --user-group --create-home afpa \
    && mkdir -p var && chown afpa:afpa var
USER 10001:10001

EXPOSE 5005 5055 8000
CMD ["python", "-m", "bot.rasa_server", "run", "--interface", "0.0.0.0", "--port", "5005", \
     "--model", "models", "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"]
