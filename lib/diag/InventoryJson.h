//===- InventoryJson.h - The inventories as JSON --------------------*- C++ -*-===//
#pragma once

#include "diag/Inventory.h"

#include "llvm/Support/JSON.h"

namespace teetidy {

/// Writes \p I as the value of the current JSON attribute (an object with
/// `contracts`, `configurableContracts`, `deployments` and `storage`);
/// docs/json-output.md describes it.
void writeInventories(llvm::json::OStream &J, const Inventories &I);

} // namespace teetidy
