//===- Lowering.h - Options shared by the language lowerings ----*- C++ -*-===//
#pragma once

namespace teetidy::frontend {

struct LoweringOptions {
  /// Expressions and statements nested deeper than this are not lowered;
  /// the cut is recorded in Module::Limits. Bounds the native stack.
  unsigned MaxDepth = 400;
};

} // namespace teetidy::frontend
