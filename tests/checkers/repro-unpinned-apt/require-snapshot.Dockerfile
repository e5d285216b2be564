# CHECK-CONFIG: {CheckOptions: {repro-unpinned-apt.RequireSnapshot: true}}
FROM debian:bookworm@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
# CHECK-MESSAGES: :5: warning: 'apt-get update' reads the live package index [repro-unpinned-apt]
RUN apt-get update
# CHECK-NOTES: note: dependencies of pinned packages still float
# CHECK-MESSAGES: :5: warning: 'apt-get install' reads the live package index [repro-unpinned-apt]
RUN apt-get install -y curl=7.88.1-10+deb12u5
# apk has no snapshot service: pins are all it needs.
# ok: repro-unpinned-apt
RUN apk add curl=8.5.0-r0
