//===- DataFlow.h - flows a check judged, reported or not --------*- C++ -*-===//
#pragma once

#include "source/SourceFile.h"

#include <string>

namespace teetidy {

/// Who decides a flow's value, for the audit report's picture.
enum class FlowVerdict {
  Operator, ///< the operator sets it: a finding
  Open,     ///< not set, or left to a default the operator can reopen
  Pinned,   ///< fixed by the measured deployment
  Unknown,  ///< no deployment says (no service, or code no deployment runs)
};

/// "operator", "open", "pinned" or "unknown": the report's node classes and
/// the inventories' verdicts.
inline const char *flowVerdictName(FlowVerdict V) {
  switch (V) {
  case FlowVerdict::Operator:
    return "operator";
  case FlowVerdict::Open:
    return "open";
  case FlowVerdict::Pinned:
    return "pinned";
  case FlowVerdict::Unknown:
    return "unknown";
  }
  return "unknown";
}

/// One flow from a deployment setting to a sink that a check judged, with
/// the service whose verdict applies. Checks record every flow they judge,
/// the pinned ones too, so the report can draw what is safe as well.
struct FlowRecord {
  std::string Check;
  std::string Variable; ///< "LLM_BASE_URL" (aliases joined by "/")
  std::string Source;   ///< how the code reads it: "os.getenv('LLM_BASE_URL')"
  SourceLocation SourceLoc;
  std::string Sink; ///< "openai.OpenAI(base_url=...)"
  SourceLocation SinkLoc;
  /// What keeps data at the sink: "database", "cache", "object-store",
  /// "queue"; empty for other sinks.
  std::string Store;
  /// The compose file (or manifest) and service deciding; empty when none.
  std::string ComposePath, Service;
  FlowVerdict Verdict = FlowVerdict::Unknown;
  /// The verdict in words: "operator-controlled (allowed_envs LLM_BASE_URL)",
  /// "pinned to 'https://...'", "held back: test code".
  std::string VerdictText;
  /// Whether a diagnostic reports the flow.
  bool Reported = false;
};

} // namespace teetidy
