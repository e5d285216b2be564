//===- Inventories.h - The inventories of a run ---------------------*- C++ -*-===//
#pragma once

#include "checkers/FileContext.h"
#include "diag/DataFlow.h"
#include "diag/Inventory.h"

#include <string>
#include <vector>

namespace teetidy {

/// The contracts, documented deployments and storage of a run, from its
/// files, its deployment model and the flows its checks recorded. Problems
/// with the tool's own data are added to \p ToolErrors.
Inventories buildInventories(AnalysisServices &Services, const std::vector<FlowRecord> &Flows,
                             std::vector<std::string> &ToolErrors);

} // namespace teetidy
