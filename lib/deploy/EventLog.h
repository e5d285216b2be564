//===- EventLog.h - dstack runtime events and RTMR3 replay -------*- C++ -*-===//
//
// The guest extends RTMR3 with runtime events (app-id, compose-hash,
// instance-id, ...). A verifier recomputes each event's digest from its name
// and payload and replays RTMR3 from those digests; replaying the recorded
// digests alone would accept a swapped payload.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "deploy/AppCompose.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace teetidy::deploy {

/// SHA-384 (FIPS 180-4) of \p Bytes.
std::array<uint8_t, 48> sha384(std::string_view Bytes);

/// The event type of dstack runtime events.
inline constexpr uint32_t RuntimeEventType = 0x08000001;

/// Digest of a runtime event, version 1: SHA-384 of le32(type) ":" name ":"
/// payload.
std::string eventDigestV1(std::string_view Name, std::string_view Payload);
/// Digest of a runtime event, version 2: SHA-384 of the JCS form of
/// {"name": name, "payload": hex(payload), "type": type}.
std::string eventDigestV2(std::string_view Name, std::string_view Payload);

/// RTMR replay: starting from 48 zero bytes, mr = SHA-384(mr || digest) for
/// each digest in order. Digests are raw 48-byte strings; returns hex.
std::string replayRtmr(const std::vector<std::string> &Digests);

/// Lower-case hex of \p Bytes, and back (nullopt for odd length or a non-hex
/// digit; a leading "0x" is accepted).
std::string toHex(std::string_view Bytes);
std::optional<std::string> fromHex(std::string_view Hex);

/// One entry of an event log.
struct EventLogEntry {
  unsigned Imr = 0;
  uint64_t Type = 0;
  std::string Name;       ///< "event"
  std::string PayloadHex; ///< "event_payload", lower case
  std::string DigestHex;  ///< "digest", lower case
  SourceLocation Loc;     ///< the entry's object
};

/// Reads an event log: a JSON array of entries, or a string holding one (as
/// GetQuote returns it). Problems are appended to \p Problems as messages.
std::vector<EventLogEntry> readEventLog(const JsonValue &Log, std::vector<std::string> &Problems);

/// What checking the RTMR3 events found.
struct EventLogVerdict {
  /// Every RTMR3 event in order, with the digest version its recorded
  /// digest matches (0: neither).
  std::vector<std::pair<const EventLogEntry *, int>> Events;
  std::string ReplayedRtmr3; ///< hex, from the recomputed digests
  std::vector<std::string> Errors;
};

/// Checks the RTMR3 events of \p Log: each digest recomputed from name and
/// payload must equal the recorded one (version 1 or 2), RTMR3 replayed from
/// the recomputed digests must equal \p Rtmr3Hex when given, the
/// compose-hash event's payload must equal \p ComposeHashHex, and the
/// events \p Required must be present.
EventLogVerdict verifyRtmr3(const std::vector<EventLogEntry> &Log,
                            std::optional<std::string> Rtmr3Hex, const std::string &ComposeHashHex,
                            const std::vector<std::string> &Required);

} // namespace teetidy::deploy
