# syntax=docker/dockerfile:1
# The image the migration Job and the await init container run: the schemahook runner with this application's
# migrations in /migrations. Build context: examples/todo (see .dockerignore).
#   docker build -f migrations.Dockerfile -t todo-migrations:1 .
# Everything else comes from the runner image: ENTRYPOINT the runner, CMD migrate, user 1001.
# Skaffold passes the runner it builds from this repository in SCHEMAHOOK_IMAGE; an application of your own keeps
# the released image.
ARG SCHEMAHOOK_IMAGE=ghcr.io/schemahook/schemahook:0.1.0
FROM ${SCHEMAHOOK_IMAGE}
# Owned by root, so the runner (user 1001) can read the SQL but never change it.
COPY migrations/ /migrations/
