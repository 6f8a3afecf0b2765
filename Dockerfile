# pakbot in a container: a multi-stage build (cgo for SQLite, the
# sqlite_fts5 tag for search) and a slim, non-root runtime image whose
# database lives on the /data volume. deploy/README.md explains how to run,
# back up and upgrade it.
#
#   docker build -t pakbot .
#   docker run -d --name pakbot --env-file pakbot.env -v pakbot-data:/data -p 127.0.0.1:8090:8090 pakbot

FROM golang:1.26-bookworm AS build
WORKDIR /src
# Modules first, so a change to the code does not download them again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The build deploy/README.md gives for a host install; go-sqlite3 needs
# cgo, and without sqlite_fts5 SQLite has no full-text search.
RUN CGO_ENABLED=1 go build -tags sqlite_fts5 -trimpath -o /out/pakbot ./cmd/pakbot

FROM debian:bookworm-slim
# Telegram and Discord are reached over TLS: the build stage's CA bundle
# spares the slim image an apt-get.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/pakbot /usr/local/bin/pakbot
RUN useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin pakbot \
	&& mkdir -p /data \
	&& chown pakbot:pakbot /data
USER pakbot:pakbot
WORKDIR /data
# The database (with its -wal and -shm files) on the volume; the web side,
# health checks and metrics on 8090, leaving 8080 to the Telegram webhook.
ENV PAKBOT_DB=/data/pakbot.db \
	PAKBOT_HTTP=:8090
VOLUME ["/data"]
EXPOSE 8090
# A slim image has no curl: the binary checks itself, at /healthz on
# $PAKBOT_HTTP.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["pakbot", "healthcheck"]
# pakbot finishes the replies in flight on SIGTERM; docker stop -t 45
# gives it the time.
STOPSIGNAL SIGTERM
ENTRYPOINT ["pakbot"]
CMD ["serve"]
