//===- LowererBase.h - What the lowerings share ------------------*- C++ -*-===//
//
// The module being built, node construction, source text and the nesting
// bound, for the Python and ECMAScript lowerings. Derived is the lowering
// (it provides `block(TSNode, uint32_t)` for the module body); GrammarT its
// per-grammar tables (Syms and Fields).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "frontend/Lowering.h"
#include "frontend/SyntaxWalk.h"
#include "ir/IR.h"

#include <tree_sitter/api.h>

#include <string>
#include <string_view>
#include <vector>

namespace teetidy::frontend {

template <class Derived, class GrammarT> class LowererBase {
public:
  ir::Module run(TSNode Root) {
    ir::Function Top;
    Top.Name = Top.QualifiedName = "<module>";
    Top.Where = range(Root);
    M.Functions.push_back(std::move(Top));
    static_cast<Derived *>(this)->block(Root, 0);
    static_cast<Derived *>(this)->finish();
    if (M.Nodes.capacity() > 2 * M.Nodes.size() + 256)
      M.Nodes.shrink_to_fit(); // sparse code: do not keep the reserve
    return std::move(M);
  }

protected:
  /// \p BytesPerNode: about how many source bytes make one IR node; the
  /// node table is reserved for that (growing by doubling moves every node
  /// each time).
  LowererBase(std::string_view Path, std::string_view Src, const LoweringOptions &Opts,
              const GrammarT &Gram, size_t BytesPerNode)
      : Source(Src), Opts(Opts), Gram(Gram), Fld(Gram.Fields) {
    M.Path = std::string(Path);
    M.Nodes.reserve(Src.size() / BytesPerNode);
  }

  /// Runs when the whole module is lowered (a lowering may redefine it).
  void finish() {}

  std::string_view Source;
  const LoweringOptions &Opts;
  const GrammarT &Gram;
  const typename GrammarT::FieldIds &Fld;
  walk::CursorPool Pool;
  ir::Module M;
  unsigned Depth = 0;
  bool LimitReported = false;

  /// RAII depth counter; `ok()` is false past the limit.
  struct DepthGuard {
    LowererBase &L;
    explicit DepthGuard(LowererBase &Low) : L(Low) { ++L.Depth; }
    ~DepthGuard() { --L.Depth; }
    bool ok() const { return L.Depth <= L.Opts.MaxDepth; }
  };

  void limit(TSNode N) {
    if (LimitReported)
      return;
    LimitReported = true;
    M.Limits.push_back({range(N), "code nested more than " + std::to_string(Opts.MaxDepth) +
                                      " levels deep was not analysed"});
  }

  // --- Syntax access ----------------------------------------------------

  const auto &info(TSNode N) const { return Gram.Syms[ts_node_symbol(N)]; }
  auto kind(TSNode N) const { return info(N).Kind; }
  TSNode field(TSNode N, TSFieldId Id) const { return ts_node_child_by_field_id(N, Id); }

  ir::Range range(TSNode N) const { return {ts_node_start_byte(N), ts_node_end_byte(N)}; }
  std::string_view view(TSNode N) const {
    if (ts_node_is_null(N))
      return {};
    return Source.substr(ts_node_start_byte(N), ts_node_end_byte(N) - ts_node_start_byte(N));
  }
  std::string text(TSNode N) const { return std::string(view(N)); }

  // --- Building the module ----------------------------------------------

  ir::NodeId add(ir::Node &&N) {
    M.Nodes.push_back(std::move(N));
    return static_cast<ir::NodeId>(M.Nodes.size() - 1);
  }
  /// Appends a node of kind \p K (built in place: its operands are lowered
  /// before, so they get the smaller ids).
  ir::NodeId add(ir::NodeKind K, ir::Range Where, std::string_view Text = {},
                 ir::NodeList Operands = {}) {
    ir::Node &N = M.Nodes.emplace_back();
    N.Kind = K;
    N.Where = Where;
    N.Text.assign(Text);
    N.Operands = std::move(Operands);
    return static_cast<ir::NodeId>(M.Nodes.size() - 1);
  }
  ir::NodeId add(ir::NodeKind K, TSNode At, std::string_view Text = {},
                 ir::NodeList Operands = {}) {
    return add(K, range(At), Text, std::move(Operands));
  }
  ir::NodeId stringLiteral(ir::Range Where, std::string Value) {
    ir::Node &N = M.Nodes.emplace_back();
    N.Kind = ir::NodeKind::Literal;
    N.Op = ir::Op::String;
    N.Where = Where;
    N.Text = std::move(Value);
    return static_cast<ir::NodeId>(M.Nodes.size() - 1);
  }
  ir::NodeId stringLiteral(TSNode At, std::string Value) {
    return stringLiteral(range(At), std::move(Value));
  }

  ir::Function &fn(uint32_t F) { return M.Functions[F]; }
};

} // namespace teetidy::frontend
