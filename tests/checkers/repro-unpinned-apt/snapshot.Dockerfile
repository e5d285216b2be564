FROM debian:bookworm@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
RUN echo 'deb http://snapshot.debian.org/archive/debian/20240101T000000Z bookworm main' > /etc/apt/sources.list
# With the archive fixed to a snapshot, names alone are reproducible.
# ok: repro-unpinned-apt
RUN apt-get update && apt-get install -y curl
# ok: repro-unpinned-apt
RUN apt-get -y upgrade
