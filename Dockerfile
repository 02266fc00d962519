# syntax=docker/dockerfile:1
# worldbrief: `docker build -t worldbrief .` then `docker run -e WORLDBRIEF_TELEGRAM_TOKEN=… worldbrief`
# (see docker-compose.yml for PostgreSQL and LibreTranslate).

# Build stage: a static, pure-Go binary (SQLite is pure Go, no cgo).
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o /out/worldbrief ./cmd/worldbrief
# The volume's directory, owned by nonroot in the runtime image: distroless
# has no shell to mkdir/chown, and WORKDIR alone makes it root's under the
# classic builder (DOCKER_BUILDKIT=0), where the database could not be opened.
RUN mkdir -p /out/data

# Runtime: distroless static, non-root; the SQLite file lives on a volume.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/worldbrief /usr/local/bin/worldbrief
COPY --from=build --chown=65532:65532 /out/data /data
WORKDIR /data
VOLUME ["/data"]
ENV WORLDBRIEF_DB=/data/worldbrief.db
# 8080: operations endpoints (http.listen); 8081: web pages when web.listen is :8081.
EXPOSE 8080 8081
USER nonroot:nonroot
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s CMD ["/usr/local/bin/worldbrief", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/worldbrief"]
CMD ["serve"]
