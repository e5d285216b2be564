#include "checkers/secrets/HardcodedFallbackCheck.h"

#include "checkers/FileContext.h"
#include "checkers/SyntaxText.h"
#include "checkers/dstack/ConfigurableValue.h"
#include "deploy/ComposeFile.h"
#include "source/FileDiscovery.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace teetidy::secrets {

using ir::NodeId;
using ir::NodeKind;

HardcodedFallbackCheck::HardcodedFallbackCheck(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts) {
  SecretWords =
      options().getList("SecretNames", "key;token;secret;password;passwd;pwd;passphrase;mnemonic;"
                                       "credential;credentials;apikey;jwt;seed");
  NotSecretWords = options().getList(
      "NotSecretNames", "public;path;file;dir;url;uri;endpoint;host;port;id;name;header;type;"
                        "algorithm;alg;length;size;ttl;expiry;expires;expire;lifetime;"
                        "prefix;format;version;region;issuer;audience;scheme;mode;count;"
                        "limit;timeout;field;env;enabled;required;random;hash;digest;"
                        "checksum;fingerprint;measurement;mr;mrtd;rtmr;mrenclave;mrsigner;"
                        "sha;sha256;commit");
  KeyFunctions =
      options().getList("KeyFunctions", "Wallet;privateKeyToAccount;mnemonicToAccount;fromPhrase;"
                                        "fromMnemonic;from_key;from_mnemonic;Keypair;LocalAccount");
  IgnoreTestCode = options().getBool("IgnoreTestCode", false);
}

bool HardcodedFallbackCheck::appliesTo(Language L) const {
  // Compose files and app-compose.json: secrets written in `environment`.
  return familyOf(L).has_value() || L == Language::Yaml || L == Language::Json;
}

bool HardcodedFallbackCheck::isSecretName(llvm::StringRef Variable) const {
  std::vector<std::string> Words = identifierWords(Variable);
  auto In = [](const std::vector<std::string> &L, const std::string &W) {
    return std::find(L.begin(), L.end(), W) != L.end();
  };
  bool Secret = false;
  for (const std::string &W : Words) {
    if (In(NotSecretWords, W))
      return false;
    Secret |= In(SecretWords, W);
  }
  return Secret;
}

/// Whether \p S repeats a run of at most 16 characters (`1234...cdef1234...`,
/// `0000...`, `deadbeef...`): a placeholder, not a generated key.
bool isRepeatedPattern(llvm::StringRef S) {
  for (size_t Period = 1; Period <= 16 && Period < S.size(); ++Period) {
    if (S.size() % Period)
      continue;
    bool Repeats = true;
    for (size_t I = Period; I < S.size() && Repeats; ++I)
      Repeats = llvm::toLower(S[I]) == llvm::toLower(S[I - Period]);
    if (Repeats)
      return true;
  }
  return false;
}

bool looksLikePrivateKey(llvm::StringRef S) {
  S.consume_front("0x");
  return S.size() == 64 && llvm::all_of(S, [](char C) { return llvm::isHexDigit(C); }) &&
         !isRepeatedPattern(S);
}

bool looksLikeMnemonic(llvm::StringRef S) {
  llvm::SmallVector<llvm::StringRef, 24> Words;
  S.trim().split(Words, ' ', -1, /*KeepEmpty=*/false);
  if (Words.size() < 12 || Words.size() > 24 || Words.size() % 3)
    return false;
  return llvm::all_of(Words, [](llvm::StringRef W) {
    return W.size() >= 3 && W.size() <= 8 &&
           llvm::all_of(W, [](char C) { return C >= 'a' && C <= 'z'; });
  });
}

bool looksLikePemPrivateKey(llvm::StringRef S) {
  size_t Begin = S.find("-----BEGIN ");
  if (Begin == llvm::StringRef::npos)
    return false;
  llvm::StringRef Block = S.substr(Begin);
  size_t HeaderEnd = Block.find("-----", 11);
  if (HeaderEnd == llvm::StringRef::npos || !Block.substr(0, HeaderEnd).contains("PRIVATE KEY"))
    return false;
  // A key has a body: a documentation example (`...\nXXXX\n...`) has not.
  llvm::StringRef Body = Block.substr(HeaderEnd + 5);
  Body = Body.take_front(Body.find("-----END"));
  if (Body.contains("XXXX") || Body.contains("..."))
    return false;
  size_t Base64 = llvm::count_if(
      Body, [](char C) { return llvm::isAlnum(C) || C == '+' || C == '/' || C == '='; });
  return Base64 >= 64;
}

namespace {

/// What someone who knows the value can do, by the words of its name.
/// Whether \p Words name a credential the app presents to another service
/// (an API key or access token), as opposed to a key it signs, encrypts or
/// checks passwords and tokens with.
bool isClientCredential(const std::vector<std::string> &Words);

std::string consequence(const std::vector<std::string> &Words) {
  auto Has = [&](const char *W) { return std::find(Words.begin(), Words.end(), W) != Words.end(); };
  if ((Has("private") && Has("key")) || Has("mnemonic") || Has("seed") || Has("wallet"))
    return "can sign as this key and move what it controls";
  if (Has("encryption") || Has("enc") || Has("aes") || Has("cipher"))
    return "can decrypt what it protects";
  if (Has("password") || Has("passwd") || Has("pwd") || Has("passphrase"))
    return "can log in with it";
  if (Has("jwt") || Has("signing") || Has("session") || Has("hmac") || Has("cookie") ||
      (Has("secret") && !Has("client")))
    return "can forge the tokens and signatures it protects";
  return "can use the credential and act as this app";
}

bool isClientCredential(const std::vector<std::string> &Words) {
  return consequence(Words) == "can use the credential and act as this app";
}

/// Whether a literal is a placeholder rather than a credential a service
/// would issue: `test-key`, `your-api-key`, `dummy`, `xxxx`.
bool isPlaceholder(llvm::StringRef Literal) {
  static const std::set<std::string> Words = {
      "test",        "testing",  "mock",    "dummy", "fake",    "example",
      "sample",      "demo",     "dev",     "your",  "replace", "todo",
      "placeholder", "changeme", "default", "none",  "null",    "undefined"};
  for (const std::string &W : identifierWords(Literal.str()))
    if (Words.count(W) || (W.size() >= 3 && W.find_first_not_of('x') == std::string::npos))
      return true;
  return false;
}

/// The operands of \p N, looking through `(x)`, `await x` and `x as T`.
const ir::Node &unwrapped(const ir::Module &M, NodeId N) {
  while (M.node(N).Kind == NodeKind::PassThrough && !M.node(N).Operands.empty() &&
         M.node(N).Operands[0] != ir::NoNode)
    N = M.node(N).Operands[0];
  return M.node(N);
}

/// Whether \p M checks something against a variable or attribute named
/// \p Name (`if header != API_KEY`, `compare_digest(k, settings.api_key)`):
/// the app then accepts requests that present the value, so even a
/// placeholder lets anyone in.
bool checkedAgainst(const ir::Module &M, const std::string &Name) {
  auto Names = [&](NodeId N) {
    if (N == ir::NoNode)
      return false;
    const ir::Node &V = unwrapped(M, N);
    return (V.Kind == NodeKind::Name || V.Kind == NodeKind::Attribute) && V.Text == Name;
  };
  for (const ir::Node &N : M.Nodes) {
    if (N.Kind == NodeKind::Unknown && N.is(ir::Op::Comparison) &&
        std::any_of(N.Operands.begin(), N.Operands.end(), Names))
      return true;
    if (N.Kind == NodeKind::Call && !N.Operands.empty() && N.Operands[0] != ir::NoNode) {
      llvm::StringRef Callee = M.node(N.Operands[0]).Text;
      bool Compares = Callee.endswith("compare_digest") || Callee.endswith("timingSafeEqual") ||
                      Callee.endswith("constant_time_compare") || Callee.endswith("safe_str_cmp");
      if (Compares && std::any_of(N.Args.begin(), N.Args.end(),
                                  [&](const ir::Argument &A) { return Names(A.Value); }))
        return true;
    }
  }
  return false;
}

/// The names the value holding the fallback at \p Where is assigned to.
std::vector<std::string> namesHolding(const ir::Module &M, ir::Range Where) {
  std::vector<std::string> Out;
  for (const ir::Function &F : M.Functions)
    for (const ir::Assignment &A : F.Assignments) {
      if (A.Value == ir::NoNode || A.Lhs.Text.empty())
        continue;
      ir::Range R = M.node(A.Value).Where;
      if (R.Begin <= Where.Begin && Where.End <= R.End)
        Out.push_back(A.Lhs.Text);
    }
  return Out;
}

std::string shown(llvm::StringRef Literal) {
  if (Literal.size() <= 16)
    return "'" + Literal.str() + "'";
  return "'" + Literal.take_front(8).str() + "...'";
}

/// Whether module \p M compares something with the literal \p Text (`if
/// key == "changeme": raise ...`): the fallback is then a marker the code
/// refuses, not a key it uses.
bool comparedWith(const ir::Module &M, const std::string &Text, NodeId Self) {
  auto IsLiteral = [&](NodeId N) {
    return N != Self && N != ir::NoNode && M.node(N).isString() && M.node(N).Text == Text;
  };
  for (const ir::Node &N : M.Nodes) {
    if (N.Kind != NodeKind::Unknown || !N.is(ir::Op::Comparison))
      continue;
    for (NodeId Op : N.Operands) {
      if (IsLiteral(Op))
        return true;
      // `key in ("changeme", "")`
      if (Op != ir::NoNode && M.node(Op).Kind == NodeKind::Container)
        for (const ir::Argument &A : M.node(Op).Args)
          if (IsLiteral(A.Value))
            return true;
    }
  }
  return false;
}

/// The default's node in \p M (by its range), if it is one.
NodeId nodeAt(const ir::Module &M, ir::Range R) {
  for (NodeId I = 0; I < M.Nodes.size(); ++I)
    if (M.Nodes[I].Where.Begin == R.Begin && M.Nodes[I].Where.End == R.End &&
        M.Nodes[I].Kind == NodeKind::Literal)
      return I;
  return ir::NoNode;
}

/// The name a call's callee ends with (`ethers.Wallet` -> Wallet).
std::string calleeName(const ir::Module &M, const ir::Node &Call) {
  const ir::Node &C = M.node(Call.Operands[0]);
  if (C.Kind == NodeKind::Name || C.Kind == NodeKind::Attribute)
    return C.Text;
  return {};
}

} // namespace

void HardcodedFallbackCheck::checkCompose(FileContext &Ctx) {
  const deploy::ComposeFile *Compose = Ctx.compose();
  if (!Compose)
    return;
  for (const deploy::ComposeService &S : Compose->Services)
    for (const deploy::EnvironmentEntry &E : S.Environment) {
      if (S.findEnv(E.Name) != &E || !E.Value || !E.Value->Value.isLiteral() ||
          !isSecretName(E.Name))
        continue;
      llvm::StringRef Value = llvm::StringRef(E.Value->Text).trim();
      // Empty, or naming where the secret is (`/run/secrets/db`).
      if (Value.empty() || Value.startswith("/"))
        continue;
      SourceLocation At = E.Value->locationOf(0);
      Diagnostic &D = diag(Ctx, At, E.Value->fileOffset(E.Value->Text.size()) - At.Offset,
                           "service '" + S.Name + "' sets " + E.Name + " to the literal " +
                               shown(Value) + " in the compose file");
      D.explain("the compose file is part of the attested configuration, which anyone who "
                "checks the app reads: the value is public");
      D.explain("whoever reads it " + consequence(identifierWords(E.Name)));
      D.explain("derive it inside the TEE (dstack's getKey), or pass it as an encrypted "
                "secret through allowed_envs");
    }
}

void HardcodedFallbackCheck::check(FileContext &Ctx) {
  const std::string &Path = Ctx.file().path();
  if (IgnoreTestCode && isTestCode(Path))
    return;
  if (!familyOf(Ctx.language())) {
    checkCompose(Ctx);
    return;
  }
  const program::Program *Program = Ctx.services().program();
  const program::Taint *Taint = Program ? Program->taint({}) : nullptr;
  const ir::Module *Mod = Program ? Program->module(Ctx.file()) : nullptr;
  if (!Taint || !Mod)
    return;
  std::set<uint32_t> Reported;
  auto Report = [&](ir::Range Where, std::string Message, Severity Level) -> Diagnostic * {
    if (!Reported.insert(Where.Begin).second)
      return nullptr;
    return &diagInStatement(Ctx, Where.Begin, Where.End, std::move(Message), Level);
  };

  // Secrets read from the environment or settings with a literal fallback
  // written in this file (the read may be in another one).
  for (const dataflow::SourceInfo *S : Taint->fallbacksIn(Ctx.file())) {
    if (!S->Default->isString())
      continue;
    const dataflow::Fallback &Default = *S->Default;
    llvm::StringRef Value = llvm::StringRef(Default.Text).trim();
    if (Value.empty())
      continue; // start-up fails or the feature is off: nothing is known
    std::string Variable;
    for (const std::string &V : S->Variables)
      if (isSecretName(V)) {
        Variable = V;
        break;
      }
    bool SecretType = llvm::StringRef(S->Annotation).contains("SecretStr") ||
                      llvm::StringRef(S->Annotation).contains("SecretBytes");
    if (Variable.empty() && SecretType && !S->Variables.empty())
      Variable = S->Variables.front();
    if (Variable.empty())
      continue;
    if (comparedWith(*Mod, Default.Text, nodeAt(*Mod, Default.Where)))
      continue;
    // A placeholder API key or token is no credential any service accepts,
    // unless the app checks requests against it; a placeholder private key
    // or mnemonic that has no key's shape signs nothing.
    std::vector<std::string> Words = identifierWords(Variable);
    auto Has = [&](const char *W) { return llvm::is_contained(Words, W); };
    bool KeyName = (Has("private") && Has("key")) || Has("mnemonic");
    bool KeyShaped =
        looksLikePrivateKey(Value) || looksLikeMnemonic(Value) || looksLikePemPrivateKey(Value);
    if ((isClientCredential(Words) || (KeyName && !KeyShaped)) && isPlaceholder(Value)) {
      std::vector<std::string> Holders = namesHolding(*Mod, Default.Where);
      bool Checked = false;
      for (const std::string &H : Holders)
        for (const SourceFile *F : Program->files())
          if (const ir::Module *M = Program->module(*F); M && !Checked)
            Checked = checkedAgainst(*M, H);
      if (!Checked)
        continue;
    }
    dstack::FileVerdicts FV = dstack::serviceVerdicts(Ctx, *S, {});
    const std::vector<dstack::ServiceVerdict> &Verdicts = FV.Verdicts;
    // The fallback never applies when every service sets the variable: to
    // a literal, or to what compose interpolates from names the operator
    // cannot set, unless that is empty and the fallback stands in for an
    // empty value too (`or`, `||`).
    // An interpolated value is always set (an unset name expands to an empty
    // string), so only a fallback for an empty value can apply, and not when
    // the value cannot be empty (`${KEY:?}`, literal text around it).
    auto Applies = [&](const dstack::ServiceVerdict &V) {
      if (V.V.Kind == deploy::EnvVerdictKind::OperatorControlled && V.V.AlwaysSet)
        return Default.WhenEmpty && !V.V.NeverEmpty;
      return V.V.Kind != deploy::EnvVerdictKind::Pinned &&
             (V.V.Kind != deploy::EnvVerdictKind::DefaultOnly ||
              (V.V.Value.empty() && Default.WhenEmpty));
    };
    if (!Verdicts.empty() && std::none_of(Verdicts.begin(), Verdicts.end(), Applies))
      continue;
    std::string Message =
        Variable + " falls back to the literal " + shown(Value) + " when it is not set";
    std::string Consequence =
        "whoever has the code or the image " + consequence(identifierWords(Variable));
    std::string Verdict;
    Severity Level = Severity::Warning;
    const dstack::ServiceVerdict *Deciding = nullptr;
    if (!Verdicts.empty()) {
      const dstack::ServiceVerdict &W = *std::find_if(Verdicts.begin(), Verdicts.end(), Applies);
      Deciding = &W;
      std::string Where = dstack::serviceName(Ctx, W);
      if (W.V.Kind == deploy::EnvVerdictKind::Unset) {
        Level = Severity::Error;
        Message += " and " + Where + " does not set it";
        Verdict = "so the fallback is the secret in use";
      } else if (W.V.Kind == deploy::EnvVerdictKind::DefaultOnly) {
        Level = Severity::Error;
        Message += " and " + Where + " sets it to an empty value";
        Verdict = "so the fallback is the secret in use";
      } else {
        Verdict = Where + " leaves it to the operator, who can omit it";
      }
    }
    if (Diagnostic *D = Report(Default.Where, Message, Level)) {
      D->Notes.push_back({"value read from " + S->Description,
                          SourceLocation{&Program->file(S->Module), S->Where.Begin},
                          S->Where.End - S->Where.Begin});
      dstack::addVerdictNotes(*D, FV, Deciding);
      if (!Verdict.empty())
        D->explain(Verdict);
      D->explain(Consequence);
    }
  }

  // Keys written in the code: assigned to a secret name, passed to a
  // wallet or account constructor, or a PEM block anywhere.
  auto KeyKind = [](const ir::Node &N) -> const char * {
    if (!N.isString())
      return nullptr;
    if (looksLikePemPrivateKey(N.Text))
      return "a PEM private key";
    if (looksLikePrivateKey(N.Text))
      return "a private key";
    if (looksLikeMnemonic(N.Text))
      return "a mnemonic";
    return nullptr;
  };
  auto ReportKey = [&](const ir::Node &N, const char *Kind, const std::string &Where) {
    if (Diagnostic *D =
            Report(N.Where, std::string(Kind) + " is written in the code" + Where, Severity::Error))
      D->explain("whoever has the code or the image can sign as this key and move what it "
                 "controls");
  };
  for (const ir::Function &F : Mod->Functions)
    for (const ir::Assignment &A : F.Assignments) {
      if (A.Value == ir::NoNode ||
          (A.Lhs.K != ir::Target::Name && A.Lhs.K != ir::Target::Attribute))
        continue;
      const ir::Node &V = Mod->node(A.Value);
      const char *Kind = KeyKind(V);
      if (Kind && (isSecretName(A.Lhs.Text) || std::string(Kind) == "a PEM private key"))
        ReportKey(V, Kind, " (assigned to '" + A.Lhs.Text + "')");
    }
  for (const ir::Node &N : Mod->Nodes) {
    if (N.Kind == NodeKind::Call) {
      std::string Callee = calleeName(*Mod, N);
      if (std::find(KeyFunctions.begin(), KeyFunctions.end(), Callee) == KeyFunctions.end())
        continue;
      for (const ir::Argument &A : N.Args)
        if (A.Value != ir::NoNode)
          if (const char *Kind = KeyKind(Mod->node(A.Value)))
            ReportKey(Mod->node(A.Value), Kind, " (passed to '" + Callee + "')");
    } else if (const char *Kind = KeyKind(N); Kind && std::string(Kind) == "a PEM private key") {
      ReportKey(N, Kind, "");
    }
  }
}

} // namespace teetidy::secrets
