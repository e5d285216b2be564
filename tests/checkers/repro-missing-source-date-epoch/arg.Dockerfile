# An ARG declaration takes the value BuildKit passes in.
# ok: repro-missing-source-date-epoch
FROM python:3.12-slim
ARG SOURCE_DATE_EPOCH
RUN pip wheel .
