# syntax=docker/dockerfile:1
# The image the migration Job and the await init container run: the schemahook runner with this application's
# migrations in /migrations. Build context: examples/todo (see .dockerignore). The runner image is a build argument
# without default, so name it on every build:
#   docker build -f migrations.Dockerfile --build-arg SCHEMAHOOK_IMAGE=ghcr.io/schemahook/schemahook:0.1.0 -t todo-migrations:1 .
# Skaffold passes the runner it built from this repository (the `requires` alias in skaffold.yaml). A default here
# would break that: before its first build Skaffold reads this file to find the files it watches and fetches the
# FROM image of an ARG with a default to look for ONBUILD triggers; a fetch that fails is fatal, while an ARG
# without default stays empty and is skipped (pkg/skaffold/docker/parse.go, expandOnbuildInstructions:
# `from.image == ""`; the alias is nil until the required artifact is built, ResolveDependencyImages in
# pkg/skaffold/docker/build_args.go).
# Everything else comes from the runner image: ENTRYPOINT the runner, CMD migrate, user 1001.
ARG SCHEMAHOOK_IMAGE
FROM ${SCHEMAHOOK_IMAGE}
# Owned by root, so the runner (user 1001) can read the SQL but never change it.
COPY migrations/ /migrations/
