#!/bin/bash
# Creates Kizuki's topics as KizukiTopics does for the local stack (same partitions, retention, cleanup policy;
# ManifestsTest checks the list), once: a topic that exists is left as it is.
set -euo pipefail
bootstrap=${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}
create() {
  local topic=$1 partitions=$2
  shift 2
  local configs=()
  for config in "$@"; do configs+=(--config "$config"); done
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic" \
    --partitions "$partitions" --replication-factor 1 "${configs[@]}"
}
create kizuki.ledger.v1 3 retention.ms=-1
create kizuki.signals.v1 3 retention.ms=-1
create kizuki.commands.v1 3 retention.ms=604800000
create kizuki.service-commands.v1 3 retention.ms=604800000
create kizuki.command-results.v1 3 retention.ms=86400000
create kizuki.detection-feedback.v1 3 retention.ms=604800000
create kizuki.knowledge.v1 3 retention.ms=-1
create kizuki.dead-letters.v1 1 retention.ms=-1
create kizuki.integrations.v1 1 cleanup.policy=compact
create kizuki.silences.v1 1 cleanup.policy=compact
create kizuki.replays.v1 1 cleanup.policy=compact
create kizuki.notify-page-numbers.v1 1 cleanup.policy=compact
create kizuki.notify-hand-offs.v1 1 cleanup.policy=compact
create kizuki.notify-contact-checks.v1 1 cleanup.policy=compact
create kizuki.notify-oncall-config.v1 1 cleanup.policy=compact
create kizuki.notify-shift-swaps.v1 1 cleanup.policy=compact
create kizuki.notify-state.v1 3 cleanup.policy=compact min.cleanable.dirty.ratio=0.1 segment.bytes=16777216 segment.ms=600000
