# syntax=docker/dockerfile:1
# Build stage: a static, pure-Go binary (SQLite is pure Go, no cgo).
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o /out/worldbrief ./cmd/worldbrief

# Runtime: distroless static, non-root; the SQLite file lives on a volume.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/worldbrief /usr/local/bin/worldbrief
WORKDIR /data
VOLUME ["/data"]
ENV WORLDBRIEF_DB=/data/worldbrief.db
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/worldbrief"]
CMD ["fetch"]
