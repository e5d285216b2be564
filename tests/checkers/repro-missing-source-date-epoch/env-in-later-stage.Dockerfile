# ok: repro-missing-source-date-epoch
FROM debian:bookworm AS base
# ok: repro-missing-source-date-epoch
FROM base
ENV SOURCE_DATE_EPOCH=1700000000
