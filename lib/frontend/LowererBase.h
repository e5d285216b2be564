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

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace teetidy::frontend {

/// \p S with ASCII letters in upper (or lower) case: variable names.
inline std::string asciiUpper(std::string S) {
  for (char &C : S)
    C = static_cast<char>(std::toupper(static_cast<unsigned char>(C)));
  return S;
}
inline std::string asciiLower(std::string S) {
  for (char &C : S)
    C = static_cast<char>(std::tolower(static_cast<unsigned char>(C)));
  return S;
}

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

  /// A Function or Class node referring to Functions[Index] or
  /// Classes[Index].
  ir::NodeId ref(ir::NodeKind K, ir::Range Where, std::string_view Name, uint32_t Index) {
    ir::Node &N = M.Nodes.emplace_back();
    N.Kind = K;
    N.Where = Where;
    N.Text.assign(Name);
    N.Index = Index;
    return static_cast<ir::NodeId>(M.Nodes.size() - 1);
  }
  /// A literal written as the text at \p At.
  ir::NodeId literal(TSNode At, ir::Op O = ir::Op::None) {
    ir::NodeId Id = add(ir::NodeKind::Literal, At, view(At));
    M.Nodes[Id].Op = O;
    return Id;
  }
  // Lowering an expression may add functions (lambdas) and so move
  // M.Functions: lower first, then take the function.
  void evaluated(uint32_t F, ir::NodeId N) { fn(F).Evaluated.push_back(N); }

  /// A new class \p Name with its body function (a scope of field
  /// declarations, enclosed by function \p Scope).
  uint32_t newClass(std::string Name, ir::Range Where, uint32_t Scope) {
    ir::ClassDef C;
    C.Name = std::move(Name);
    C.Where = C.NameWhere = Where;
    ir::Function Body;
    Body.Name = "<class-body>";
    Body.QualifiedName = C.Name + ".<class-body>";
    Body.IsClassBody = true;
    Body.Where = Where;
    Body.Parent = static_cast<int>(Scope);
    M.Functions.push_back(std::move(Body));
    C.Body = static_cast<uint32_t>(M.Functions.size() - 1);
    M.Classes.push_back(std::move(C));
    uint32_t Index = static_cast<uint32_t>(M.Classes.size() - 1);
    fn(M.Classes[Index].Body).Class = static_cast<int>(Index);
    return Index;
  }

  /// Binds class \p C's name in the module's scope.
  void bindClass(uint32_t C, ir::Range NameWhere) {
    ir::Assignment A;
    A.Lhs.K = ir::Target::Name;
    A.Lhs.Text = M.Classes[C].Name;
    A.Lhs.Where = NameWhere;
    A.Value = ref(ir::NodeKind::Class, NameWhere, M.Classes[C].Name, C);
    fn(0).Assignments.push_back(std::move(A));
  }

  /// A constructor `<init>` of class \p C taking \p Fields (after the
  /// receiver \p Self) and setting each, for languages whose struct
  /// literals name fields (`T{F: v}` is then a keyword call of the class).
  void fieldConstructor(uint32_t C, const std::vector<std::pair<std::string, ir::Range>> &Fields,
                        const char *Self) {
    ir::Function Init;
    Init.Name = "<init>";
    Init.QualifiedName = M.Classes[C].Name + ".<init>";
    Init.Class = static_cast<int>(C);
    Init.IsConstructor = true;
    Init.Where = Init.NameWhere = M.Classes[C].NameWhere;
    ir::Parameter Receiver;
    Receiver.Name = Self;
    Receiver.Where = Init.Where;
    Init.Params.push_back(std::move(Receiver));
    M.Functions.push_back(std::move(Init));
    uint32_t InitFn = static_cast<uint32_t>(M.Functions.size() - 1);
    M.Classes[C].Methods.push_back(InitFn);
    for (const auto &[FieldName, Where] : Fields) {
      ir::Parameter P;
      P.Name = FieldName;
      P.Where = Where;
      fn(InitFn).Params.push_back(std::move(P));
      ir::Assignment A;
      A.Lhs.K = ir::Target::Attribute;
      A.Lhs.Object = add(ir::NodeKind::Name, Where, Self);
      A.Lhs.Text = FieldName;
      A.Lhs.Where = Where;
      A.Value = add(ir::NodeKind::Name, Where, FieldName);
      fn(InitFn).Assignments.push_back(std::move(A));
    }
  }

  /// A field declaration of a class body (an index into its assignments),
  /// the variable a framework fills it from, if any, and its default.
  struct EnvironmentField {
    size_t Declaration;
    std::optional<std::string> Variable, Default;
    /// A field holding a struct read from the environment too: its value
    /// is an instance of that struct, annotated `<Base>.nested` (which the
    /// models list as no settings field).
    std::string Nested = {};
    /// More names the field is read under when Variable is missing.
    std::vector<std::string> Aliases = {};
    /// A function of the module whose result is the default, when Default
    /// (a literal) is not known.
    std::string DefaultCall = {};
  };
  /// Makes class \p C a settings class of a framework that fills fields from
  /// the environment by what the code writes beside them (Go struct tags,
  /// Rust attributes): it gets the base \p Base, which the language's models
  /// make a settings base, and each field with a variable the value
  /// `Maker(default, alias="VARIABLE")`. A field without one is no settings
  /// field and leaves the body (the constructor still takes it).
  void environmentFields(uint32_t C, std::string_view Base, std::string_view Maker,
                         const std::vector<EnvironmentField> &Fields) {
    M.Classes[C].Bases.push_back(add(ir::NodeKind::Name, M.Classes[C].NameWhere, Base));
    ir::Function &Body = fn(M.Classes[C].Body);
    std::vector<size_t> NotRead;
    for (const EnvironmentField &F : Fields) {
      if (!F.Nested.empty()) {
        ir::Assignment &A = Body.Assignments[F.Declaration];
        A.Value = add(ir::NodeKind::Call, A.Lhs.Where, {},
                      {add(ir::NodeKind::Name, A.Lhs.Where, F.Nested)});
        A.Annotation = std::string(Base) + ".nested";
        continue;
      }
      if (!F.Variable) {
        NotRead.push_back(F.Declaration);
        continue;
      }
      ir::Range Where = Body.Assignments[F.Declaration].Lhs.Where;
      ir::NodeId Call = add(ir::NodeKind::Call, Where, {}, {add(ir::NodeKind::Name, Where, Maker)});
      std::vector<ir::Argument> Args;
      if (F.Default)
        Args.push_back({"", stringLiteral(Where, *F.Default)});
      else if (!F.DefaultCall.empty())
        Args.push_back({"", add(ir::NodeKind::Call, Where, {},
                                {add(ir::NodeKind::Name, Where, F.DefaultCall)})});
      Args.push_back({"alias", stringLiteral(Where, *F.Variable)});
      for (const std::string &A : F.Aliases)
        Args.push_back({"alias", stringLiteral(Where, A)});
      M.Nodes[Call].Args = std::move(Args);
      Body.Assignments[F.Declaration].Value = Call;
    }
    std::sort(NotRead.begin(), NotRead.end());
    for (auto It = NotRead.rbegin(); It != NotRead.rend(); ++It)
      Body.Assignments.erase(Body.Assignments.begin() + static_cast<std::ptrdiff_t>(*It));
  }
};

} // namespace teetidy::frontend
