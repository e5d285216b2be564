#include "deploy/EventLog.h"
#include "source/Utf8.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cstring>

namespace teetidy::deploy {

namespace {

// SHA-512 round constants (first 64 bits of the fractional parts of the cube
// roots of the first 80 primes) and the SHA-384 initial state (the same of
// the square roots of the 9th to 16th primes).
static const uint64_t K[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
    0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
    0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
    0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
    0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
    0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
    0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
    0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
    0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
    0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
    0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
    0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};
static const uint64_t Init384[8] = {
    0xcbbb9d5dc1059ed8ULL, 0x629a292a367cd507ULL, 0x9159015a3070dd17ULL, 0x152fecd8f70e5939ULL,
    0x67332667ffc00b31ULL, 0x8eb44a8768581511ULL, 0xdb0c2e0d64f98fa7ULL, 0x47b5481dbefa4fa4ULL,
};

uint64_t rotr(uint64_t X, unsigned N) { return (X >> N) | (X << (64 - N)); }

void compress(uint64_t H[8], const unsigned char *Block) {
  uint64_t W[80];
  for (int I = 0; I < 16; ++I) {
    W[I] = 0;
    for (int B = 0; B < 8; ++B)
      W[I] = (W[I] << 8) | Block[I * 8 + B];
  }
  for (int I = 16; I < 80; ++I) {
    uint64_t S0 = rotr(W[I - 15], 1) ^ rotr(W[I - 15], 8) ^ (W[I - 15] >> 7);
    uint64_t S1 = rotr(W[I - 2], 19) ^ rotr(W[I - 2], 61) ^ (W[I - 2] >> 6);
    W[I] = W[I - 16] + S0 + W[I - 7] + S1;
  }
  uint64_t A = H[0], B = H[1], C = H[2], D = H[3], E = H[4], F = H[5], G = H[6], Hh = H[7];
  for (int I = 0; I < 80; ++I) {
    uint64_t T1 =
        Hh + (rotr(E, 14) ^ rotr(E, 18) ^ rotr(E, 41)) + ((E & F) ^ (~E & G)) + K[I] + W[I];
    uint64_t T2 = (rotr(A, 28) ^ rotr(A, 34) ^ rotr(A, 39)) + ((A & B) ^ (A & C) ^ (B & C));
    Hh = G;
    G = F;
    F = E;
    E = D + T1;
    D = C;
    C = B;
    B = A;
    A = T1 + T2;
  }
  H[0] += A;
  H[1] += B;
  H[2] += C;
  H[3] += D;
  H[4] += E;
  H[5] += F;
  H[6] += G;
  H[7] += Hh;
}

/// \p S as a JSON string the way JCS (RFC 8785) writes it.
std::string jcsString(std::string_view S) {
  std::string Out = "\"";
  for (unsigned char C : S) {
    switch (C) {
    case '"':
      Out += "\\\"";
      break;
    case '\\':
      Out += "\\\\";
      break;
    case '\b':
      Out += "\\b";
      break;
    case '\f':
      Out += "\\f";
      break;
    case '\n':
      Out += "\\n";
      break;
    case '\r':
      Out += "\\r";
      break;
    case '\t':
      Out += "\\t";
      break;
    default:
      if (C < 0x20) {
        static const char Digits[] = "0123456789abcdef";
        Out += "\\u00";
        Out += Digits[C >> 4];
        Out += Digits[C & 15];
      } else {
        Out += static_cast<char>(C);
      }
    }
  }
  return Out + "\"";
}

std::string raw(const std::array<uint8_t, 48> &D) {
  return std::string(reinterpret_cast<const char *>(D.data()), D.size());
}

} // namespace

std::array<uint8_t, 48> sha384(std::string_view Bytes) {
  uint64_t H[8];
  std::copy(std::begin(Init384), std::end(Init384), H);
  size_t Full = Bytes.size() / 128 * 128;
  for (size_t I = 0; I < Full; I += 128)
    compress(H, reinterpret_cast<const unsigned char *>(Bytes.data()) + I);
  // The tail, 0x80, zeros, and the length in bits as a 128-bit big-endian
  // number: one or two more blocks.
  unsigned char Tail[256] = {};
  size_t Rest = Bytes.size() - Full;
  std::memcpy(Tail, Bytes.data() + Full, Rest);
  Tail[Rest] = 0x80;
  size_t Blocks = Rest + 1 + 16 <= 128 ? 1 : 2;
  uint64_t Bits = static_cast<uint64_t>(Bytes.size()) * 8;
  uint64_t BitsHigh = static_cast<uint64_t>(Bytes.size()) >> 61;
  unsigned char *Len = Tail + Blocks * 128 - 16;
  for (int B = 0; B < 8; ++B) {
    Len[B] = static_cast<unsigned char>(BitsHigh >> (56 - 8 * B));
    Len[8 + B] = static_cast<unsigned char>(Bits >> (56 - 8 * B));
  }
  for (size_t I = 0; I < Blocks; ++I)
    compress(H, Tail + I * 128);
  std::array<uint8_t, 48> Out;
  for (int I = 0; I < 6; ++I)
    for (int B = 0; B < 8; ++B)
      Out[I * 8 + B] = static_cast<uint8_t>(H[I] >> (56 - 8 * B));
  return Out;
}

std::string toHex(std::string_view Bytes) { return llvm::toHex(Bytes, /*LowerCase=*/true); }

std::optional<std::string> fromHex(std::string_view Hex) {
  llvm::StringRef H(Hex.data(), Hex.size());
  H = H.trim();
  if (H.startswith_insensitive("0x"))
    H = H.drop_front(2);
  std::string Out;
  if (H.size() % 2 || !llvm::tryGetFromHex(H, Out))
    return std::nullopt;
  return Out;
}

std::string eventDigestV1(std::string_view Name, std::string_view Payload) {
  std::string Msg;
  for (int B = 0; B < 4; ++B)
    Msg += static_cast<char>((RuntimeEventType >> (8 * B)) & 0xff);
  Msg += ':';
  Msg += Name;
  Msg += ':';
  Msg += Payload;
  return toHex(raw(sha384(Msg)));
}

std::string eventDigestV2(std::string_view Name, std::string_view Payload) {
  // JCS sorts the keys (name, payload, type) and writes no whitespace.
  std::string Doc = "{\"name\":" + jcsString(Name) + ",\"payload\":" + jcsString(toHex(Payload)) +
                    ",\"type\":" + std::to_string(RuntimeEventType) + "}";
  return toHex(raw(sha384(Doc)));
}

std::string replayRtmr(const std::vector<std::string> &Digests) {
  std::string Mr(48, '\0');
  for (const std::string &D : Digests)
    Mr = raw(sha384(Mr + D));
  return toHex(Mr);
}

std::vector<EventLogEntry> readEventLog(const JsonValue &Log, std::vector<std::string> &Problems) {
  std::vector<EventLogEntry> Out;
  const JsonValue *Array = &Log;
  std::optional<JsonParseResult> Inner;
  std::unique_ptr<SourceFile> Text;
  if (Log.isString()) {
    Text = std::make_unique<SourceFile>("event_log", Log.Text, Language::Json);
    Inner = parseJson(*Text);
    if (!Inner->Root || !Inner->Issues.empty()) {
      Problems.push_back("'event_log' is a string that does not hold JSON");
      return Out;
    }
    Array = &*Inner->Root;
  }
  if (Array->K != JsonValue::Kind::Array) {
    Problems.push_back("'event_log' is not an array of events");
    return Out;
  }
  for (size_t I = 0; I < Array->Items.size(); ++I) {
    const JsonValue &E = Array->Items[I];
    std::string Where = "event_log[" + std::to_string(I) + "]";
    if (E.K != JsonValue::Kind::Object) {
      Problems.push_back(Where + " is not an object");
      continue;
    }
    EventLogEntry Entry;
    Entry.Loc = Log.isString() ? Log.Loc : E.Loc;
    const JsonValue *Imr = E.find("imr");
    const JsonValue *Type = E.find("event_type");
    const JsonValue *Digest = E.find("digest");
    const JsonValue *Name = E.find("event");
    const JsonValue *Payload = E.find("event_payload");
    if (!Imr || Imr->K != JsonValue::Kind::Number ||
        llvm::StringRef(Imr->Text).getAsInteger(10, Entry.Imr)) {
      Problems.push_back(Where + " has no numeric 'imr'");
      continue;
    }
    if (Type && Type->K == JsonValue::Kind::Number)
      llvm::StringRef(Type->Text).getAsInteger(10, Entry.Type);
    if (Digest && Digest->isString())
      Entry.DigestHex = llvm::StringRef(Digest->Text).lower();
    if (Name && Name->isString())
      Entry.Name = Name->Text;
    if (Payload && Payload->isString())
      Entry.PayloadHex = llvm::StringRef(Payload->Text).lower();
    Out.push_back(std::move(Entry));
  }
  return Out;
}

EventLogVerdict verifyRtmr3(const std::vector<EventLogEntry> &Log,
                            std::optional<std::string> Rtmr3Hex, const std::string &ComposeHashHex,
                            const std::vector<std::string> &Required) {
  EventLogVerdict V;
  std::vector<std::string> Digests;
  std::vector<std::string> Seen;
  for (const EventLogEntry &E : Log) {
    if (E.Imr != 3)
      continue;
    std::string Label = "RTMR3 event '" + shortened(E.Name) + "'";
    std::optional<std::string> Payload = fromHex(E.PayloadHex);
    if (!Payload) {
      V.Errors.push_back(Label + ": the payload is not hex");
      V.Events.emplace_back(&E, 0);
      continue;
    }
    std::string D1 = eventDigestV1(E.Name, *Payload), D2 = eventDigestV2(E.Name, *Payload);
    int Version = E.DigestHex == D1 ? 1 : E.DigestHex == D2 ? 2 : 0;
    V.Events.emplace_back(&E, Version);
    if (!Version)
      V.Errors.push_back(Label + ": the recorded digest " + shortened(E.DigestHex) +
                         " is not the digest of its name and payload (" + D1 + " in version 1, " +
                         D2 + " in version 2)");
    if (E.Type && E.Type != RuntimeEventType)
      V.Errors.push_back(Label + ": event_type " + std::to_string(E.Type) +
                         " is not the runtime event type " + std::to_string(RuntimeEventType));
    // The replay uses the digest the payload gives, never the recorded one.
    std::string Recomputed = Version == 2 ? D2 : D1;
    Digests.push_back(*fromHex(Recomputed));
    Seen.push_back(E.Name);
    if (E.Name == "compose-hash" && E.PayloadHex != ComposeHashHex)
      V.Errors.push_back(Label + ": the payload " + shortened(E.PayloadHex) +
                         " is not the compose hash " + ComposeHashHex);
  }
  for (const std::string &R : Required) {
    auto N = std::count(Seen.begin(), Seen.end(), R);
    if (N == 0)
      V.Errors.push_back("RTMR3 event '" + R + "' is missing from the event log");
    else if (N > 1)
      V.Errors.push_back("RTMR3 event '" + R + "' appears " + std::to_string(N) +
                         " times in the event log");
  }
  V.ReplayedRtmr3 = replayRtmr(Digests);
  if (Rtmr3Hex) {
    std::string Want = llvm::StringRef(*Rtmr3Hex).trim().lower();
    if (llvm::StringRef(Want).startswith("0x"))
      Want = Want.substr(2);
    if (Want != V.ReplayedRtmr3)
      V.Errors.push_back("RTMR3 replayed from the event log is " + V.ReplayedRtmr3 +
                         " but the tcb_info says " + shortened(Want));
  }
  return V;
}

} // namespace teetidy::deploy
