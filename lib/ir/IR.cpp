#include "ir/IR.h"

#include <string_view>

namespace teetidy::ir {

std::string Import::boundName() const {
  if (!Alias.empty())
    return Alias;
  if (!Name.empty())
    return Name;
  return BindsFirstComponent ? Module.substr(0, Module.find('.')) : Module;
}

namespace {

const char *kindName(NodeKind K) {
  switch (K) {
  case NodeKind::Literal:
    return "lit";
  case NodeKind::Name:
    return "name";
  case NodeKind::Attribute:
    return "attr";
  case NodeKind::Subscript:
    return "subscript";
  case NodeKind::Call:
    return "call";
  case NodeKind::StringBuild:
    return "build";
  case NodeKind::Choice:
    return "choice";
  case NodeKind::PassThrough:
    return "pass";
  case NodeKind::Container:
    return "container";
  case NodeKind::Function:
    return "function";
  case NodeKind::Class:
    return "class";
  case NodeKind::Unknown:
    return "unknown";
  }
  return "?";
}

/// Nodes print as nested S-expressions: (call (attr:get (name:requests)) ...).
void printNode(const Module &M, NodeId Id, std::string &Out, unsigned Depth = 0) {
  if (Id == NoNode) {
    Out += "-";
    return;
  }
  if (Depth > 64) {
    Out += "...";
    return;
  }
  const Node &N = M.node(Id);
  Out += "(";
  Out += kindName(N.Kind);
  if (N.isString())
    Out += ":'" + N.Text + "'";
  else if (!N.Text.empty() && N.Kind != NodeKind::Unknown && N.Kind != NodeKind::Container)
    Out += ":" + N.Text;
  for (NodeId Op : N.Operands) {
    Out += " ";
    printNode(M, Op, Out, Depth + 1);
  }
  for (const Argument &A : N.Args) {
    Out += " ";
    if (A.Spread)
      Out += "*";
    if (A.KeywordSpread)
      Out += "**";
    if (!A.Keyword.empty())
      Out += A.Keyword + "=";
    printNode(M, A.Value, Out, Depth + 1);
  }
  Out += ")";
}

void printTarget(const Module &M, const Target &T, std::string &Out) {
  switch (T.K) {
  case Target::Name:
    Out += T.Text;
    return;
  case Target::Attribute:
    printNode(M, T.Object, Out);
    Out += "." + T.Text;
    return;
  case Target::Subscript:
    printNode(M, T.Object, Out);
    Out += "[";
    printNode(M, T.Key, Out);
    Out += "]";
    return;
  case Target::Tuple:
    Out += "(";
    for (size_t I = 0; I < T.Elements.size(); ++I) {
      if (I)
        Out += ", ";
      if (static_cast<int>(I) == T.StarredIndex)
        Out += "*";
      if (!T.Elements[I].Property.empty())
        Out += T.Elements[I].Property + ": ";
      printTarget(M, T.Elements[I], Out);
      if (T.Elements[I].Default != NoNode) {
        Out += " = ";
        printNode(M, T.Elements[I].Default, Out);
      }
    }
    Out += ")";
    return;
  }
}

} // namespace

std::string dump(const Module &M) {
  std::string Out;
  for (const Import &I : M.Imports) {
    Out += "import " + std::string(I.Level, '.') + I.Module;
    if (!I.Name.empty())
      Out += " : " + I.Name;
    if (!I.Alias.empty())
      Out += " as " + I.Alias;
    if (!I.ResolvedPath.empty())
      Out += " -> " + I.ResolvedPath;
    if (I.Scope)
      Out += " in " + M.Functions[I.Scope].QualifiedName;
    Out += "\n";
  }
  for (size_t C = 0; C < M.Classes.size(); ++C) {
    const ClassDef &K = M.Classes[C];
    Out += "class " + K.Name + "(";
    for (size_t I = 0; I < K.Bases.size(); ++I) {
      if (I)
        Out += ", ";
      printNode(M, K.Bases[I], Out);
    }
    Out += ")\n";
  }
  for (const Function &F : M.Functions) {
    Out += "def " + F.QualifiedName + "(";
    for (size_t I = 0; I < F.Params.size(); ++I) {
      const Parameter &P = F.Params[I];
      if (I)
        Out += ", ";
      Out += (P.Star ? "*" : P.DoubleStar ? "**" : "") + P.Name;
      if (P.Default != NoNode) {
        Out += "=";
        printNode(M, P.Default, Out);
      }
    }
    Out += ")";
    if (F.IsAsync)
      Out += " async";
    if (F.IsConstructor)
      Out += " constructor";
    if (F.IsStatic)
      Out += " static";
    if (F.IsGetter)
      Out += " getter";
    for (NodeId D : F.Decorators) {
      Out += " @";
      printNode(M, D, Out);
    }
    Out += "\n";
    for (const Assignment &A : F.Assignments) {
      Out += "  ";
      printTarget(M, A.Lhs, Out);
      if (!A.Annotation.empty())
        Out += ": " + A.Annotation;
      Out += A.Iteration ? " in " : " = ";
      printNode(M, A.Value, Out);
      Out += "\n";
    }
    for (NodeId R : F.Returns) {
      Out += "  return ";
      printNode(M, R, Out);
      Out += "\n";
    }
    for (NodeId E : F.Evaluated) {
      Out += "  eval ";
      printNode(M, E, Out);
      Out += "\n";
    }
  }
  for (const LoweringLimit &L : M.Limits)
    Out += "limit " + std::to_string(L.Where.Begin) + ": " + L.Message + "\n";
  return Out;
}

} // namespace teetidy::ir
