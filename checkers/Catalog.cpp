#include "checkers/Catalog.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

namespace teetidy {

bool matches(const Pattern &P, std::string_view Text) {
  return P && P->match(llvm::StringRef(Text.data(), Text.size()));
}

bool matches(const Pattern &P, std::string_view Text,
             llvm::SmallVectorImpl<llvm::StringRef> &Groups) {
  return P && P->match(llvm::StringRef(Text.data(), Text.size()), &Groups);
}

void CatalogReader::fail(const YAML::Node &At, const std::string &Message) {
  if (Failed)
    return;
  Failed = true;
  Problem = "queries/" + Path;
  if (At.IsDefined() && !At.Mark().is_null())
    Problem +=
        ":" + std::to_string(At.Mark().line + 1) + ":" + std::to_string(At.Mark().column + 1);
  Problem += ": " + Message;
}

std::string CatalogReader::string(const YAML::Node &N, const char *What, bool Required) {
  if (Failed)
    return {};
  if (!N.IsDefined() || N.IsNull()) {
    if (Required)
      fail(N, std::string("missing '") + What + "'");
    return {};
  }
  if (!N.IsScalar()) {
    fail(N, std::string("'") + What + "' must be a string");
    return {};
  }
  return N.Scalar();
}

std::vector<std::string> CatalogReader::strings(const YAML::Node &N, const char *What) {
  std::vector<std::string> Out;
  if (Failed || !N.IsDefined() || N.IsNull())
    return Out;
  if (!N.IsSequence()) {
    fail(N, std::string("'") + What + "' must be a list of strings");
    return Out;
  }
  for (const YAML::Node &E : N) {
    if (!E.IsScalar()) {
      fail(E, std::string("'") + What + "' must be a list of strings");
      return {};
    }
    Out.push_back(E.Scalar());
  }
  return Out;
}

std::optional<bool> CatalogReader::boolean(const YAML::Node &N, const char *What) {
  if (Failed || !N.IsDefined() || N.IsNull())
    return std::nullopt;
  if (N.IsScalar()) {
    const std::string &S = N.Scalar();
    if (S == "true" || S == "True" || S == "yes")
      return true;
    if (S == "false" || S == "False" || S == "no")
      return false;
  }
  fail(N, std::string("'") + What + "' must be true or false");
  return std::nullopt;
}

Pattern CatalogReader::pattern(const YAML::Node &N, const char *What, int Flags, bool Whole) {
  std::string Text = string(N, What);
  if (Failed)
    return nullptr;
  auto RE = std::make_shared<llvm::Regex>(Whole ? "^(" + Text + ")$" : Text,
                                          static_cast<llvm::Regex::RegexFlags>(Flags));
  std::string Err;
  if (!RE->isValid(Err)) {
    fail(N, "bad pattern '" + Text + "' (" + What + "): " + Err);
    return nullptr;
  }
  return RE;
}

llvm::Error CatalogReader::takeError() {
  if (!Failed)
    return llvm::Error::success();
  Failed = false;
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Problem);
}

llvm::Error readCatalog(const std::string &Path, const std::string &Text,
                        llvm::function_ref<void(const YAML::Node &, CatalogReader &)> Read) {
  CatalogReader Reader(Path);
  try {
    YAML::Node Model = YAML::Load(Text);
    Read(Model, Reader);
  } catch (const YAML::Exception &E) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "queries/%s:%d:%d: %s",
                                   Path.c_str(), E.mark.line + 1, E.mark.column + 1, E.msg.c_str());
  }
  return Reader.takeError();
}

deploy::DeploymentRules readDeploymentRules(const YAML::Node &Model, CatalogReader &R) {
  deploy::DeploymentRules Rules;
  auto Words = [&](const char *Key) {
    std::set<std::string> Out;
    for (const std::string &W : R.strings(Model[Key], Key))
      Out.insert(llvm::StringRef(W).lower());
    return Out;
  };
  Rules.DeploymentWords = Words("deployment_words");
  Rules.DevelopmentWords = Words("development_words");
  Rules.DeploymentDirectories = Words("deployment_directories");
  Rules.GenericDirectories = Words("generic_directories");
  Rules.Sockets = R.strings(Model["sockets"], "sockets");
  for (const YAML::Node &I : Model["images"]) {
    deploy::ImageKind K;
    K.Kind = R.string(I["kind"], "kind");
    for (const std::string &F : R.strings(I["runs"], "runs"))
      K.Runs.insert(F);
    for (const YAML::Node &P : I["repositories"])
      K.Repositories.push_back(R.pattern(P, "repositories", llvm::Regex::IgnoreCase, true));
    for (const std::string &W : R.strings(I["runtime_words"], "runtime_words"))
      K.RuntimeWords.insert(W);
    Rules.Images.push_back(std::move(K));
  }
  return Rules;
}

} // namespace teetidy
