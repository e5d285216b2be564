//===- ClangLowering.cpp - C and C++ through Clang to ir::Module ----------===//
#include "frontend/ClangLowering.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/Lexer.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <map>
#include <memory>
#include <string>
#include <utility>

namespace teetidy::frontend {

using ir::NodeId;
using ir::NodeKind;
using namespace clang;

namespace {

class Lowerer {
public:
  Lowerer(ASTContext &Ctx, std::string_view Path, const LoweringOptions &Opts)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Opts(Opts) {
    M.Path = std::string(Path);
  }

  ir::Module run() {
    ir::Function Top;
    Top.Name = Top.QualifiedName = "<module>";
    M.Functions.push_back(std::move(Top));
    for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
      decl(D, 0);
    return std::move(M);
  }

private:
  ASTContext &Ctx;
  SourceManager &SM;
  const LoweringOptions &Opts;
  ir::Module M;
  unsigned Depth = 0;
  bool LimitReported = false;
  /// Where nodes outside the main file (macro bodies, default arguments
  /// declared in headers) are placed: the innermost main-file range.
  ir::Range Anchor;
  /// Classes of the main file, by declaration.
  std::map<const CXXRecordDecl *, uint32_t> ClassOf;

  struct DepthGuard {
    Lowerer &L;
    ir::Range Saved;
    explicit DepthGuard(Lowerer &Low) : L(Low), Saved(Low.Anchor) { ++L.Depth; }
    ~DepthGuard() {
      --L.Depth;
      L.Anchor = Saved;
    }
    bool ok() const { return L.Depth <= L.Opts.MaxDepth; }
  };

  // --- Places -------------------------------------------------------------

  bool inMainFile(SourceLocation L) const {
    return L.isValid() && SM.isWrittenInMainFile(SM.getFileLoc(L));
  }
  /// The byte range of \p R in the main file, or the anchor.
  ir::Range range(SourceRange R) const {
    SourceLocation B = SM.getFileLoc(R.getBegin()), E = SM.getFileLoc(R.getEnd());
    if (!inMainFile(B) || !inMainFile(E))
      return Anchor;
    uint32_t Begin = SM.getFileOffset(B);
    uint32_t End = SM.getFileOffset(E) + Lexer::MeasureTokenLength(E, SM, Ctx.getLangOpts());
    if (End < Begin)
      End = Begin;
    return {Begin, End};
  }
  ir::Range range(const Stmt *S) { return range(S->getSourceRange()); }
  ir::Range nameRange(const NamedDecl *D) {
    SourceLocation L = SM.getFileLoc(D->getLocation());
    if (!inMainFile(L))
      return Anchor;
    uint32_t B = SM.getFileOffset(L);
    return {B, B + Lexer::MeasureTokenLength(L, SM, Ctx.getLangOpts())};
  }

  // --- Building -------------------------------------------------------------

  NodeId add(NodeKind K, ir::Range Where, std::string_view Text = {}, ir::NodeList Ops = {}) {
    ir::Node &N = M.Nodes.emplace_back();
    N.Kind = K;
    N.Where = Where;
    N.Text.assign(Text);
    N.Operands = std::move(Ops);
    return static_cast<NodeId>(M.Nodes.size() - 1);
  }
  NodeId withOp(NodeId N, ir::Op O) {
    M.Nodes[N].Op = O;
    return N;
  }
  NodeId name(ir::Range Where, std::string_view Text) { return add(NodeKind::Name, Where, Text); }
  /// A Function or Class node naming Functions[Index] or Classes[Index].
  NodeId ref(NodeKind K, ir::Range Where, const std::string &Name, uint32_t Index) {
    NodeId N = add(K, Where, Name);
    M.Nodes[N].Index = Index;
    return N;
  }
  ir::Function &fn(uint32_t F) { return M.Functions[F]; }
  void assign(uint32_t F, NodeId Target, NodeId Value) {
    ir::Assignment A;
    const ir::Node &T = M.Nodes[Target];
    A.Lhs.Where = T.Where;
    if (T.Kind == NodeKind::Name) {
      A.Lhs.K = ir::Target::Name;
      A.Lhs.Text = T.Text;
    } else if (T.Kind == NodeKind::Attribute) {
      A.Lhs.K = ir::Target::Attribute;
      A.Lhs.Object = T.Operands[0];
      A.Lhs.Text = T.Text;
    } else if (T.Kind == NodeKind::Subscript) {
      A.Lhs.K = ir::Target::Subscript;
      A.Lhs.Object = T.Operands[0];
      A.Lhs.Key = T.Operands.size() > 1 ? T.Operands[1] : ir::NoNode;
    } else {
      // `*p = v`, `f().x = v`: nothing a later read names.
      fn(F).Evaluated.push_back(Value);
      return;
    }
    A.Value = Value;
    fn(F).Assignments.push_back(std::move(A));
  }
  void assignName(uint32_t F, const std::string &Name, ir::Range Where, NodeId Value) {
    ir::Assignment A;
    A.Lhs.K = ir::Target::Name;
    A.Lhs.Text = Name;
    A.Lhs.Where = Where;
    A.Value = Value;
    fn(F).Assignments.push_back(std::move(A));
  }

  void limit(ir::Range Where) {
    if (LimitReported)
      return;
    LimitReported = true;
    M.Limits.push_back({Where, "code nested more than " + std::to_string(Opts.MaxDepth) +
                                   " levels deep was not analysed"});
  }

  // --- Names of what lies outside the main file -----------------------------

  /// The enclosing namespaces and classes of \p D, outermost first, without
  /// inline and anonymous namespaces.
  std::vector<std::string> scopes(const Decl *D) {
    std::vector<std::string> Out;
    for (const DeclContext *C = D->getDeclContext(); C; C = C->getParent()) {
      if (const auto *NS = dyn_cast<NamespaceDecl>(C)) {
        if (!NS->isInline() && !NS->isAnonymousNamespace())
          Out.push_back(NS->getNameAsString());
      } else if (const auto *R = dyn_cast<RecordDecl>(C)) {
        if (R->getIdentifier())
          Out.push_back(R->getNameAsString());
      }
    }
    return {Out.rbegin(), Out.rend()};
  }
  /// `std.getenv` as attributes of names: what an external name reads as.
  NodeId qualified(const NamedDecl *D, ir::Range Where) {
    std::vector<std::string> Parts = scopes(D);
    Parts.push_back(D->getNameAsString());
    NodeId N = name(Where, Parts.front());
    for (size_t I = 1; I < Parts.size(); ++I)
      N = add(NodeKind::Attribute, Where, Parts[I], {N});
    return N;
  }
  /// Whether \p D is declared in the main file (a definition is lowered).
  bool ours(const Decl *D) { return D && inMainFile(D->getLocation()); }

  // --- Declarations ---------------------------------------------------------

  void decl(const Decl *D, uint32_t F) {
    if (!D || D->isImplicit())
      return;
    if (const auto *NS = dyn_cast<NamespaceDecl>(D)) {
      for (const Decl *C : NS->decls())
        decl(C, F);
      return;
    }
    if (const auto *LS = dyn_cast<LinkageSpecDecl>(D)) {
      for (const Decl *C : LS->decls())
        decl(C, F);
      return;
    }
    if (!ours(D))
      return;
    if (const auto *T = dyn_cast<FunctionTemplateDecl>(D))
      return decl(T->getTemplatedDecl(), F);
    if (const auto *T = dyn_cast<ClassTemplateDecl>(D))
      return decl(T->getTemplatedDecl(), F);
    if (const auto *R = dyn_cast<CXXRecordDecl>(D)) {
      if (R->isThisDeclarationADefinition())
        record(R, F);
      return;
    }
    if (const auto *Fn = dyn_cast<FunctionDecl>(D)) {
      if (Fn->doesThisDeclarationHaveABody())
        function(Fn, F);
      return;
    }
    if (const auto *V = dyn_cast<VarDecl>(D))
      return var(V, F);
  }

  void var(const VarDecl *V, uint32_t F) {
    if (!V->getIdentifier())
      return;
    DepthGuard G(*this);
    Anchor = range(V->getSourceRange());
    if (const Expr *Init = V->getInit())
      assignName(F, V->getNameAsString(), nameRange(V), expr(Init, F));
  }

  uint32_t record(const CXXRecordDecl *R, uint32_t Scope) {
    if (auto It = ClassOf.find(R->getCanonicalDecl()); It != ClassOf.end())
      return It->second;
    ir::ClassDef C;
    C.Name = R->getNameAsString();
    C.Where = range(R->getSourceRange());
    C.NameWhere = nameRange(R);
    ir::Function Body;
    Body.Name = "<class-body>";
    Body.QualifiedName = C.Name + ".<class-body>";
    Body.IsClassBody = true;
    Body.Where = C.Where;
    Body.Parent = static_cast<int>(Scope);
    M.Functions.push_back(std::move(Body));
    C.Body = static_cast<uint32_t>(M.Functions.size() - 1);
    M.Classes.push_back(std::move(C));
    uint32_t Index = static_cast<uint32_t>(M.Classes.size() - 1);
    ClassOf[R->getCanonicalDecl()] = Index;
    fn(M.Classes[Index].Body).Class = static_cast<int>(Index);
    for (const CXXBaseSpecifier &B : R->bases())
      if (const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl()) {
        ir::Range W = range(B.getSourceRange());
        M.Classes[Index].Bases.push_back(ours(Base) ? name(W, Base->getNameAsString())
                                                    : qualified(Base, W));
      }
    ir::Assignment Bind;
    Bind.Lhs.K = ir::Target::Name;
    Bind.Lhs.Text = M.Classes[Index].Name;
    Bind.Lhs.Where = M.Classes[Index].NameWhere;
    Bind.Value = ref(NodeKind::Class, M.Classes[Index].NameWhere, M.Classes[Index].Name, Index);
    fn(Scope).Assignments.push_back(std::move(Bind));
    uint32_t BodyFn = M.Classes[Index].Body;
    for (const Decl *D : R->decls()) {
      if (const auto *Fd = dyn_cast<FieldDecl>(D)) {
        if (const Expr *Init = Fd->getInClassInitializer()) {
          DepthGuard G(*this);
          Anchor = range(Fd->getSourceRange());
          assignName(BodyFn, Fd->getNameAsString(), nameRange(Fd), expr(Init, BodyFn));
        }
      } else if (const auto *Md = dyn_cast<CXXMethodDecl>(D)) {
        if (Md->doesThisDeclarationHaveABody())
          function(Md, Scope);
      } else if (const auto *T = dyn_cast<FunctionTemplateDecl>(D)) {
        if (const auto *TM = dyn_cast<CXXMethodDecl>(T->getTemplatedDecl());
            TM && TM->doesThisDeclarationHaveABody())
          function(TM, Scope);
      } else if (const auto *Nested = dyn_cast<CXXRecordDecl>(D)) {
        if (Nested->isThisDeclarationADefinition() && !Nested->isImplicit())
          M.Classes[Index].NestedClasses.push_back(record(Nested, Scope));
      } else if (const auto *V = dyn_cast<VarDecl>(D)) {
        var(V, BodyFn); // a static member
      }
    }
    return Index;
  }

  void function(const FunctionDecl *D, uint32_t Scope) {
    const auto *Method = dyn_cast<CXXMethodDecl>(D);
    int Class = -1;
    if (Method) {
      const CXXRecordDecl *R = Method->getParent();
      if (ours(R) && R->hasDefinition())
        Class = static_cast<int>(record(R->getDefinition(), Scope));
    }
    ir::Function Fn;
    Fn.Name = D->getNameAsString();
    if (isa<CXXConstructorDecl>(D))
      Fn.Name = "<init>";
    Fn.QualifiedName =
        Class >= 0 ? M.Classes[static_cast<size_t>(Class)].Name + "." + Fn.Name : Fn.Name;
    Fn.Class = Class;
    Fn.Parent = Class >= 0 ? -1 : static_cast<int>(Scope);
    Fn.IsConstructor = isa<CXXConstructorDecl>(D) && Class >= 0;
    Fn.IsStatic = Method && Method->isStatic();
    Fn.Where = range(D->getSourceRange());
    Fn.NameWhere = nameRange(D);
    if (Method && !Method->isStatic()) {
      ir::Parameter This;
      This.Name = "this";
      This.Where = Fn.NameWhere;
      Fn.Params.push_back(std::move(This));
    }
    for (const ParmVarDecl *P : D->parameters()) {
      ir::Parameter Param;
      Param.Name = P->getNameAsString();
      Param.Where = nameRange(P);
      Fn.Params.push_back(std::move(Param));
    }
    M.Functions.push_back(std::move(Fn));
    uint32_t F = static_cast<uint32_t>(M.Functions.size() - 1);
    // Parameter defaults are lowered in the function's scope.
    for (size_t I = 0, P = Method && !Method->isStatic() ? 1 : 0; I < D->getNumParams(); ++I, ++P)
      if (const Expr *Def = D->getParamDecl(static_cast<unsigned>(I))->getDefaultArg()) {
        DepthGuard G(*this);
        Anchor = nameRange(D->getParamDecl(static_cast<unsigned>(I)));
        NodeId V = expr(Def, F);
        fn(F).Params[P].Default = V;
      }
    if (Class >= 0) {
      M.Classes[static_cast<size_t>(Class)].Methods.push_back(F);
    } else {
      NodeId Ref = ref(NodeKind::Function, fn(F).NameWhere, fn(F).Name, F);
      assignName(Scope, fn(F).Name, fn(F).NameWhere, Ref);
    }
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(D))
      for (const CXXCtorInitializer *I : Ctor->inits())
        if (I->isWritten() && I->getMember() && I->getInit()) {
          DepthGuard G(*this);
          Anchor = range(I->getSourceRange());
          NodeId Obj = name(Anchor, "this");
          NodeId Target =
              add(NodeKind::Attribute, Anchor, I->getMember()->getNameAsString(), {Obj});
          assign(F, Target, expr(I->getInit(), F));
        }
    stmt(D->getBody(), F);
  }

  // --- Statements -----------------------------------------------------------

  void stmt(const Stmt *S, uint32_t F) {
    if (!S)
      return;
    DepthGuard G(*this);
    ir::Range Here = range(S);
    if (!G.ok())
      return limit(Here);
    Anchor = Here;
    if (const auto *E = dyn_cast<Expr>(S)) {
      NodeId N = expr(E, F);
      fn(F).Evaluated.push_back(N);
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls()) {
        if (const auto *V = dyn_cast<VarDecl>(D))
          var(V, F);
        else if (const auto *R = dyn_cast<CXXRecordDecl>(D); R && R->isThisDeclarationADefinition())
          record(R, F);
      }
      return;
    }
    if (const auto *R = dyn_cast<ReturnStmt>(S)) {
      if (const Expr *V = R->getRetValue())
        fn(F).Returns.push_back(expr(V, F));
      return;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      stmt(If->getInit(), F);
      if (const VarDecl *CV = If->getConditionVariable())
        var(CV, F);
      else if (If->getCond())
        fn(F).Evaluated.push_back(expr(If->getCond(), F));
      if (!If->getElse() && fallbackAssignment(If, F))
        return;
      stmt(If->getThen(), F);
      stmt(If->getElse(), F);
      return;
    }
    if (const auto *For = dyn_cast<CXXForRangeStmt>(S)) {
      const VarDecl *V = For->getLoopVariable();
      NodeId Range = expr(For->getRangeInit(), F);
      ir::Assignment A;
      A.Lhs.K = ir::Target::Name;
      A.Lhs.Text = V->getNameAsString();
      A.Lhs.Where = nameRange(V);
      A.Value = Range;
      A.Iteration = true;
      fn(F).Assignments.push_back(std::move(A));
      stmt(For->getBody(), F);
      return;
    }
    // Loops, switches, blocks, try: their parts, in order.
    for (const Stmt *Child : S->children())
      stmt(Child, F);
  }

  /// `if (!v) v = d;`, `if (v == NULL) { v = d; }`, `if (v.empty()) v = d;`:
  /// v gets `v ?: d`, d being its fallback.
  bool fallbackAssignment(const IfStmt *If, uint32_t F) {
    const Stmt *Then = If->getThen();
    if (!Then || !If->getCond())
      return false;
    if (const auto *Block = dyn_cast<CompoundStmt>(Then)) {
      if (Block->size() != 1)
        return false;
      Then = Block->body_front();
    }
    auto [Target, Value] = assignmentParts(Then);
    if (!Target)
      return false;
    const auto *Lhs = dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts());
    if (!Lhs || !testsEmpty(If->getCond(), Lhs->getDecl()))
      return false;
    ir::Range W = range(Then);
    NodeId Old = name(range(Lhs), Lhs->getDecl()->getNameAsString());
    NodeId New = expr(Value, F);
    NodeId Out = withOp(add(NodeKind::Choice, W, {}, {Old, New}), ir::Op::Fallback);
    assignName(F, Lhs->getDecl()->getNameAsString(), range(Lhs), Out);
    return true;
  }
  /// The target and value of `t = v` on a pointer or scalar, or through a
  /// class's operator= (std::string); nulls for anything else.
  static std::pair<const Expr *, const Expr *> assignmentParts(const Stmt *S) {
    if (const auto *Set = dyn_cast_or_null<BinaryOperator>(S); Set && Set->getOpcode() == BO_Assign)
      return {Set->getLHS(), Set->getRHS()};
    if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(S);
        Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      return {Op->getArg(0), Op->getArg(1)};
    return {nullptr, nullptr};
  }

  /// Whether \p Cond holds when \p V is null or empty.
  bool testsEmpty(const Expr *Cond, const ValueDecl *V) {
    Cond = Cond->IgnoreParenImpCasts();
    auto IsV = [&](const Expr *E) {
      const auto *R = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
      return R && R->getDecl() == V;
    };
    auto IsNull = [&](const Expr *E) {
      return E->IgnoreParenImpCasts()->isNullPointerConstant(
                 Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
    };
    if (const auto *U = dyn_cast<UnaryOperator>(Cond)) {
      if (U->getOpcode() != UO_LNot)
        return false;
      const Expr *Sub = U->getSubExpr()->IgnoreParenImpCasts();
      if (IsV(Sub))
        return true; // !v
      if (const auto *Deref = dyn_cast<UnaryOperator>(Sub))
        return Deref->getOpcode() == UO_Deref && IsV(Deref->getSubExpr()); // !*v
      if (const auto *A = dyn_cast<ArraySubscriptExpr>(Sub))
        return IsV(A->getBase()); // !v[0]
      return false;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(Cond)) {
      if (B->getOpcode() == BO_LOr)
        return testsEmpty(B->getLHS(), V) || testsEmpty(B->getRHS(), V);
      // `v == NULL`, and `*v == '\0'` or `v[0] == 0` for an empty string.
      auto IsVOrFirst = [&](const Expr *E) {
        E = E->IgnoreParenImpCasts();
        if (const auto *D = dyn_cast<UnaryOperator>(E); D && D->getOpcode() == UO_Deref)
          return IsV(D->getSubExpr());
        if (const auto *A = dyn_cast<ArraySubscriptExpr>(E))
          return IsV(A->getBase());
        return IsV(E);
      };
      if (B->getOpcode() == BO_EQ)
        return (IsVOrFirst(B->getLHS()) && IsNull(B->getRHS())) ||
               (IsVOrFirst(B->getRHS()) && IsNull(B->getLHS()));
      return false;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Cond)) {
      // `s == ""` on a std::string.
      if (Op->getOperator() == OO_EqualEqual && Op->getNumArgs() == 2)
        return (IsV(Op->getArg(0)) && isa<StringLiteral>(Op->getArg(1)->IgnoreParenImpCasts())) ||
               (IsV(Op->getArg(1)) && isa<StringLiteral>(Op->getArg(0)->IgnoreParenImpCasts()));
      return false;
    }
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Cond)) {
      const CXXMethodDecl *Md = Call->getMethodDecl();
      return Md && Md->getIdentifier() && Md->getName() == "empty" &&
             IsV(Call->getImplicitObjectArgument());
    }
    return false;
  }

  // --- Expressions ----------------------------------------------------------

  /// \p E without what does not change its value.
  static const Expr *strip(const Expr *E) {
    while (true) {
      if (const auto *P = dyn_cast<ParenExpr>(E))
        E = P->getSubExpr();
      else if (const auto *I = dyn_cast<ImplicitCastExpr>(E))
        E = I->getSubExpr();
      else if (const auto *C = dyn_cast<ExplicitCastExpr>(E))
        E = C->getSubExpr();
      else if (const auto *F = dyn_cast<FullExpr>(E))
        E = F->getSubExpr();
      else if (const auto *T = dyn_cast<MaterializeTemporaryExpr>(E))
        E = T->getSubExpr();
      else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
        E = B->getSubExpr();
      else if (const auto *D = dyn_cast<CXXDefaultArgExpr>(E))
        E = D->getExpr();
      else if (const auto *DI = dyn_cast<CXXDefaultInitExpr>(E))
        E = DI->getExpr();
      else
        return E;
    }
  }

  NodeId arguments(NodeId Call, const Expr *const *Args, unsigned N, uint32_t F) {
    std::vector<ir::Argument> Out;
    for (unsigned I = 0; I < N; ++I) {
      if (isa<CXXDefaultArgExpr>(Args[I]))
        continue; // the callee's default applies
      Out.push_back({"", expr(Args[I], F)});
      Out.back().StringLiteral = isa<StringLiteral>(strip(Args[I]));
    }
    M.Nodes[Call].Args = std::move(Out);
    return Call;
  }

  NodeId expr(const Expr *E, uint32_t F) {
    if (!E)
      return add(NodeKind::Unknown, Anchor);
    DepthGuard G(*this);
    E = strip(E);
    ir::Range W = range(E);
    if (!G.ok()) {
      limit(W);
      return add(NodeKind::Unknown, W);
    }
    Anchor = W;

    if (const auto *S = dyn_cast<StringLiteral>(E)) {
      NodeId N = add(NodeKind::Literal, W,
                     S->getCharByteWidth() == 1 ? S->getString() : llvm::StringRef());
      return withOp(N, ir::Op::String);
    }
    if (isa<IntegerLiteral, FloatingLiteral, CharacterLiteral>(E)) {
      SourceRange R = E->getSourceRange();
      ir::Range At = range(R);
      std::string_view Text;
      if (At.End > At.Begin && inMainFile(R.getBegin()))
        Text = SM.getBufferData(SM.getMainFileID()).substr(At.Begin, At.End - At.Begin);
      return add(NodeKind::Literal, W, Text);
    }
    if (const auto *B = dyn_cast<CXXBoolLiteralExpr>(E))
      return withOp(add(NodeKind::Literal, W, B->getValue() ? "true" : "false"),
                    B->getValue() ? ir::Op::True : ir::Op::False);
    if (isa<CXXNullPtrLiteralExpr, GNUNullExpr>(E))
      return withOp(add(NodeKind::Literal, W, "nullptr"), ir::Op::NoValue);
    if (isa<CXXThisExpr>(E))
      return withOp(name(W, "this"), ir::Op::Receiver);
    if (const auto *R = dyn_cast<DeclRefExpr>(E))
      return declRef(R->getDecl(), W);
    if (const auto *Me = dyn_cast<MemberExpr>(E)) {
      NodeId Obj = expr(Me->getBase(), F);
      return add(NodeKind::Attribute, W, Me->getMemberDecl()->getNameAsString(), {Obj});
    }
    if (const auto *A = dyn_cast<ArraySubscriptExpr>(E)) {
      NodeId Base = expr(A->getBase(), F);
      NodeId Index = expr(A->getIdx(), F);
      return add(NodeKind::Subscript, W, {}, {Base, Index});
    }
    if (const auto *C = dyn_cast<ConditionalOperator>(E)) {
      fn(F).Evaluated.push_back(expr(C->getCond(), F));
      NodeId T = expr(C->getTrueExpr(), F), Fa = expr(C->getFalseExpr(), F);
      return withOp(add(NodeKind::Choice, W, {}, {T, Fa}), ir::Op::Conditional);
    }
    if (const auto *C = dyn_cast<BinaryConditionalOperator>(E)) {
      NodeId Common = expr(C->getCommon(), F), Fa = expr(C->getFalseExpr(), F);
      return withOp(add(NodeKind::Choice, W, {}, {Common, Fa}), ir::Op::Fallback);
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      NodeId Sub = expr(U->getSubExpr(), F);
      switch (U->getOpcode()) {
      case UO_AddrOf:
      case UO_Deref:
        return add(NodeKind::PassThrough, W, {}, {Sub});
      default:
        return add(NodeKind::Unknown, W, {}, {Sub});
      }
    }
    if (auto [Target, Value] = assignmentParts(E); Target) {
      NodeId T = expr(Target, F), V = expr(Value, F);
      assign(F, T, V);
      return V;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(E)) {
      if (B->getOpcode() == BO_Comma) {
        fn(F).Evaluated.push_back(expr(B->getLHS(), F));
        return expr(B->getRHS(), F);
      }
      NodeId L = expr(B->getLHS(), F), R = expr(B->getRHS(), F);
      // Pointer arithmetic stays within the string it points into.
      if ((B->getOpcode() == BO_Add || B->getOpcode() == BO_Sub) &&
          B->getLHS()->getType()->isPointerType())
        return add(NodeKind::PassThrough, W, {}, {L});
      NodeId N = add(NodeKind::Unknown, W, {}, {L, R});
      if (B->isComparisonOp())
        M.Nodes[N].Op = ir::Op::Comparison;
      return N;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
      return operatorCall(Op, W, F);
    if (const auto *Mc = dyn_cast<CXXMemberCallExpr>(E))
      return memberCall(Mc, W, F);
    if (const auto *C = dyn_cast<CallExpr>(E))
      return call(C, W, F);
    if (const auto *C = dyn_cast<CXXConstructExpr>(E))
      return construct(C, W, F);
    if (const auto *L = dyn_cast<InitListExpr>(E)) {
      NodeId N = withOp(add(NodeKind::Container, W), ir::Op::None);
      std::vector<ir::Argument> Elements;
      for (const Expr *I : L->inits())
        Elements.push_back({"", expr(I, F)});
      M.Nodes[N].Args = std::move(Elements);
      return N;
    }
    if (const auto *L = dyn_cast<LambdaExpr>(E))
      return lambda(L, W, F);
    if (const auto *S = dyn_cast<StmtExpr>(E)) {
      // GNU `({ ...; v; })`: its statements, then its last value.
      const CompoundStmt *Body = S->getSubStmt();
      NodeId Last = add(NodeKind::Unknown, W);
      for (const Stmt *Child : Body->body()) {
        if (Child == Body->body_back())
          if (const auto *V = dyn_cast<Expr>(Child)) {
            Last = expr(V, F);
            continue;
          }
        stmt(Child, F);
      }
      return Last;
    }
    // Anything else: its value comes from its operands, if anywhere.
    ir::NodeList Ops;
    for (const Stmt *Child : E->children())
      if (const auto *CE = dyn_cast_or_null<Expr>(Child))
        Ops.push_back(expr(CE, F));
    return add(NodeKind::Unknown, W, {}, std::move(Ops));
  }

  NodeId declRef(const ValueDecl *D, ir::Range W) {
    if (const auto *EC = dyn_cast<EnumConstantDecl>(D))
      return name(W, EC->getNameAsString());
    if (const auto *V = dyn_cast<VarDecl>(D); V && (V->isLocalVarDeclOrParm() || ours(V)))
      return name(W, V->getNameAsString());
    if (isa<FunctionDecl>(D) && ours(D)) {
      // A function of the main file: by its name (a method by Class.name).
      if (const auto *Md = dyn_cast<CXXMethodDecl>(D); Md && Md->isStatic())
        return add(NodeKind::Attribute, W, Md->getNameAsString(),
                   {name(W, Md->getParent()->getNameAsString())});
      return name(W, D->getNameAsString());
    }
    if (isa<FieldDecl>(D))
      return add(NodeKind::Attribute, W, D->getNameAsString(), {name(W, "this")});
    return qualified(D, W);
  }

  NodeId callNode(NodeId Callee, ir::Range W, const Expr *const *Args, unsigned N, uint32_t F) {
    NodeId Call = add(NodeKind::Call, W, {}, {Callee});
    return arguments(Call, Args, N, F);
  }

  /// C functions that write their result into their first argument:
  /// `snprintf(buf, n, fmt, ...)`, `strcpy(dst, src)`, ...
  static int writtenFrom(llvm::StringRef Fn) {
    if (Fn == "sprintf" || Fn == "strcpy" || Fn == "strcat" || Fn == "stpcpy" || Fn == "vsprintf" ||
        Fn == "memcpy" || Fn == "memmove")
      return 1;
    if (Fn == "snprintf" || Fn == "strncpy" || Fn == "strncat" || Fn == "strlcpy" ||
        Fn == "strlcat" || Fn == "vsnprintf" || Fn == "stpncpy")
      return Fn == "snprintf" || Fn == "vsnprintf" ? 2 : 1;
    return 0;
  }

  NodeId call(const CallExpr *C, ir::Range W, uint32_t F) {
    const Expr *Callee = strip(C->getCallee());
    const FunctionDecl *Direct = C->getDirectCallee();
    if (Direct && !ours(Direct) && Direct->getIdentifier() && C->getNumArgs() >= 2)
      if (int From = writtenFrom(Direct->getName())) {
        // The buffer gets what the other arguments (after the size) carry.
        NodeId Buffer = expr(C->getArg(0), F);
        ir::NodeList Parts;
        if (Direct->getName() == "strcat" || Direct->getName() == "strncat" ||
            Direct->getName() == "strlcat")
          Parts.push_back(expr(C->getArg(0), F));
        for (unsigned I = static_cast<unsigned>(From); I < C->getNumArgs(); ++I)
          Parts.push_back(expr(C->getArg(I), F));
        assign(F, Buffer, add(NodeKind::StringBuild, W, {}, std::move(Parts)));
        return add(NodeKind::Unknown, W);
      }
    NodeId CalleeNode = expr(Callee, F);
    return callNode(CalleeNode, W, C->getArgs(), C->getNumArgs(), F);
  }

  NodeId memberCall(const CXXMemberCallExpr *C, ir::Range W, uint32_t F) {
    const CXXMethodDecl *Md = C->getMethodDecl();
    const Expr *Obj = C->getImplicitObjectArgument();
    if (!Md || !Obj) {
      NodeId Callee = expr(C->getCallee(), F);
      return callNode(Callee, W, C->getArgs(), C->getNumArgs(), F);
    }
    std::string Method = Md->getNameAsString();
    NodeId Object = expr(Obj, F);
    const CXXRecordDecl *Cls = Md->getParent();
    bool Std = Cls && Cls->isInStdNamespace();
    llvm::StringRef ClassName = Cls && Cls->getIdentifier() ? Cls->getName() : "";
    // `opt.value_or(d)`: the optional's value, else d.
    if (Std && ClassName == "optional" && Method == "value_or" && C->getNumArgs() == 1) {
      NodeId D = expr(C->getArg(0), F);
      return withOp(add(NodeKind::Choice, W, {}, {Object, D}), ir::Op::NullishFallback);
    }
    // `s.append(x)`, `s += x` (below): s gets x too.
    if (Std &&
        (ClassName == "basic_string" || ClassName == "basic_ostringstream" ||
         ClassName == "basic_stringstream") &&
        (Method == "append" || Method == "assign" || Method == "insert")) {
      ir::NodeList Parts{Object};
      for (unsigned I = 0; I < C->getNumArgs(); ++I)
        Parts.push_back(expr(C->getArg(I), F));
      NodeId Built = add(NodeKind::StringBuild, W, {}, std::move(Parts));
      assignTo(Obj, Built, F);
      return Built;
    }
    NodeId Callee = add(NodeKind::Attribute, W, Method, {Object});
    return callNode(Callee, W, C->getArgs(), C->getNumArgs(), F);
  }

  /// Assigns \p Value to the variable or field \p Target names (again).
  void assignTo(const Expr *Target, NodeId Value, uint32_t F) {
    Target = strip(Target);
    if (isa<DeclRefExpr, MemberExpr>(Target))
      assign(F, expr(Target, F), Value);
  }

  NodeId operatorCall(const CXXOperatorCallExpr *Op, ir::Range W, uint32_t F) {
    unsigned N = Op->getNumArgs();
    switch (Op->getOperator()) {
    case OO_Plus:
      if (N == 2) {
        NodeId L = expr(Op->getArg(0), F), R = expr(Op->getArg(1), F);
        return add(NodeKind::StringBuild, W, {}, {L, R});
      }
      break;
    case OO_PlusEqual:
    case OO_LessLess:
      // `s += x`, `os << x`: the left side gets x too.
      if (N == 2) {
        NodeId L = expr(Op->getArg(0), F), R = expr(Op->getArg(1), F);
        NodeId Built = add(NodeKind::StringBuild, W, {}, {L, R});
        const Expr *Base = strip(Op->getArg(0));
        while (const auto *Inner = dyn_cast<CXXOperatorCallExpr>(Base)) {
          if (Inner->getOperator() != OO_LessLess || Inner->getNumArgs() != 2)
            break;
          Base = strip(Inner->getArg(0));
        }
        assignTo(Base, Built, F);
        return Built;
      }
      break;
    case OO_Subscript:
      if (N == 2) {
        NodeId Base = expr(Op->getArg(0), F), Index = expr(Op->getArg(1), F);
        return add(NodeKind::Subscript, W, {}, {Base, Index});
      }
      break;
    case OO_Star:
    case OO_Arrow:
      if (N == 1)
        return add(NodeKind::PassThrough, W, {}, {expr(Op->getArg(0), F)});
      break;
    case OO_Call:
      if (N >= 1) {
        NodeId Callee = expr(Op->getArg(0), F);
        return callNode(Callee, W, Op->getArgs() + 1, N - 1, F);
      }
      break;
    default:
      break;
    }
    ir::NodeList Ops;
    for (unsigned I = 0; I < N; ++I)
      Ops.push_back(expr(Op->getArg(I), F));
    NodeId Out = add(NodeKind::Unknown, W, {}, std::move(Ops));
    if (Op->getOperator() == OO_EqualEqual || Op->getOperator() == OO_ExclaimEqual)
      M.Nodes[Out].Op = ir::Op::Comparison;
    return Out;
  }

  NodeId construct(const CXXConstructExpr *C, ir::Range W, uint32_t F) {
    const CXXConstructorDecl *Ctor = C->getConstructor();
    unsigned Written = 0;
    for (const Expr *A : C->arguments())
      Written += !isa<CXXDefaultArgExpr>(A);
    // Copies, moves and implicit conversions (`std::string s = getenv(...)`)
    // are the value they are made from.
    if (Written >= 1 &&
        (Ctor->isCopyOrMoveConstructor() || (C->getParenOrBraceRange().isInvalid() &&
                                             !isa<CXXTemporaryObjectExpr>(C) && Written == 1)))
      return add(NodeKind::PassThrough, W, {}, {expr(C->getArg(0), F)});
    const CXXRecordDecl *R = Ctor->getParent();
    NodeId Callee = ours(R) ? name(W, R->getNameAsString()) : qualified(R, W);
    return callNode(Callee, W, C->getArgs(), C->getNumArgs(), F);
  }

  NodeId lambda(const LambdaExpr *L, ir::Range W, uint32_t Scope) {
    const CXXMethodDecl *Call = L->getCallOperator();
    ir::Function Fn;
    Fn.Name = "<lambda>";
    Fn.QualifiedName = fn(Scope).QualifiedName + ".<lambda>";
    Fn.Parent = static_cast<int>(Scope);
    Fn.Where = Fn.NameWhere = W;
    for (const ParmVarDecl *P : Call->parameters()) {
      ir::Parameter Param;
      Param.Name = P->getNameAsString();
      Param.Where = nameRange(P);
      Fn.Params.push_back(std::move(Param));
    }
    M.Functions.push_back(std::move(Fn));
    uint32_t F = static_cast<uint32_t>(M.Functions.size() - 1);
    stmt(L->getBody(), F);
    return ref(NodeKind::Function, W, "<lambda>", F);
  }
};

/// Keeps the first error Clang reports.
class FirstErrorConsumer : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level, const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error || Seen)
      return;
    Seen = true;
    llvm::SmallString<128> Text;
    Info.FormatDiagnostic(Text);
    Message = std::string(Text);
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      const SourceManager &SM = Info.getSourceManager();
      SourceLocation L = SM.getFileLoc(Info.getLocation());
      if (SM.isWrittenInMainFile(L))
        Offset = SM.getFileOffset(L);
      else
        Message = SM.getFilename(L).str() + ": " + Message;
    }
  }
  bool Seen = false;
  uint32_t Offset = 0;
  std::string Message;
};

class LowerConsumer : public ASTConsumer {
public:
  LowerConsumer(std::string Path, const LoweringOptions &Opts, std::optional<ir::Module> &Out)
      : Path(std::move(Path)), Opts(Opts), Out(Out) {}
  void HandleTranslationUnit(ASTContext &Ctx) override { Out = lowerClangAST(Ctx, Path, Opts); }

private:
  std::string Path;
  const LoweringOptions &Opts;
  std::optional<ir::Module> &Out;
};

class LowerAction : public ASTFrontendAction {
public:
  LowerAction(std::string Path, const LoweringOptions &Opts, std::optional<ir::Module> &Out)
      : Path(std::move(Path)), Opts(Opts), Out(Out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &, llvm::StringRef) override {
    return std::make_unique<LowerConsumer>(Path, Opts, Out);
  }

private:
  std::string Path;
  const LoweringOptions &Opts;
  std::optional<ir::Module> &Out;
};

} // namespace

ir::Module lowerClangAST(ASTContext &Ctx, std::string_view Path, const LoweringOptions &Opts) {
  return Lowerer(Ctx, Path, Opts).run();
}

ClangUnit lowerTranslationUnit(const std::string &Path, std::string_view Content,
                               const CompileCommand &Command, const LoweringOptions &Opts) {
  ClangUnit Out;
  if (Command.Arguments.empty()) {
    Out.Message = "the compile command is empty";
    return Out;
  }
  // Syntax only, no output files; the project's headers are read from the
  // disk, the file itself from what the run read.
  tooling::CommandLineArguments Args = Command.Arguments;
  Args = tooling::getClangStripOutputAdjuster()(Args, Path);
  Args = tooling::getClangStripDependencyFileAdjuster()(Args, Path);
  Args = tooling::getClangSyntaxOnlyAdjuster()(Args, Path);
  Args.insert(Args.begin() + 1, "-resource-dir=" TEETIDY_CLANG_RESOURCE_DIR);
  auto Overlay =
      llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(llvm::vfs::getRealFileSystem());
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  Overlay->pushOverlay(Memory);
  llvm::SmallString<256> Abs(Path);
  if (!llvm::sys::path::is_absolute(Abs)) {
    Abs = Command.Directory;
    llvm::sys::path::append(Abs, Path);
  }
  Memory->addFile(Abs, 0, llvm::MemoryBuffer::getMemBufferCopy(Content, Abs));
  FileSystemOptions FSOpts;
  FSOpts.WorkingDir = Command.Directory;
  auto Files = llvm::makeIntrusiveRefCnt<FileManager>(FSOpts, Overlay);
  std::optional<ir::Module> Module;
  auto Action = std::make_unique<LowerAction>(Path, Opts, Module);
  tooling::ToolInvocation Invocation(Args, std::move(Action), Files.get(),
                                     std::make_shared<PCHContainerOperations>());
  FirstErrorConsumer Errors;
  Invocation.setDiagnosticConsumer(&Errors);
  Invocation.run();
  Out.Module = std::move(Module);
  if (Errors.Seen) {
    Out.FirstError = Errors.Offset;
    Out.Message = Errors.Message;
  }
  if (!Out.Module && Out.Message.empty())
    Out.Message = "clang could not run the compile command";
  return Out;
}

} // namespace teetidy::frontend
