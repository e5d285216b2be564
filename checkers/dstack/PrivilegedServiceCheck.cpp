#include "checkers/dstack/PrivilegedServiceCheck.h"

#include "checkers/FileContext.h"

#include "llvm/ADT/StringRef.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

namespace teetidy::dstack {

namespace {

constexpr const char *CatalogPath = "models/container-privileges.yaml";

/// `cap_sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` all become `SYS_ADMIN`.
std::string capabilityName(llvm::StringRef Text) {
  std::string Upper = Text.trim().upper();
  llvm::StringRef U(Upper);
  U.consume_front("CAP_");
  return U.str();
}

/// `seccomp=unconfined` and `SECCOMP:unconfined` both become
/// `seccomp:unconfined`.
std::string securityOption(llvm::StringRef Text) {
  std::string L = Text.trim().lower();
  size_t Sep = L.find_first_of(":=");
  if (Sep != std::string::npos)
    L[Sep] = ':';
  return L;
}

bool isTrue(llvm::StringRef Text) {
  std::string L = Text.trim().lower();
  return L == "true" || L == "yes" || L == "on" || L == "y";
}

} // namespace

PrivilegedServiceCheck::PrivilegedServiceCheck(std::string N, CheckOptionsView &Opts)
    : TeeTidyCheck(std::move(N), Opts),
      ExtraCapabilities(options().getList("ExtraCapabilities", "")) {}

bool PrivilegedServiceCheck::appliesTo(Language L) const {
  return L == Language::Yaml || L == Language::Json;
}

bool PrivilegedServiceCheck::loadCatalog(FileContext &Ctx) {
  if (Loaded)
    return !LoadFailed;
  Loaded = true;
  struct Lists {
    std::vector<Entry> Capabilities, Devices, SecurityOpts;
  };
  auto Read = [](const YAML::Node &M, CatalogReader &R) {
    Lists L;
    for (const YAML::Node &C : M["capabilities"])
      L.Capabilities.push_back(
          {capabilityName(R.string(C["name"], "name")), false, R.string(C["why"], "why")});
    for (const YAML::Node &D : M["devices"])
      L.Devices.push_back({R.string(D["path"], "path"),
                           R.boolean(D["prefix"], "prefix").value_or(false),
                           R.string(D["why"], "why")});
    for (const YAML::Node &O : M["security_opt"])
      L.SecurityOpts.push_back(
          {securityOption(R.string(O["value"], "value")), false, R.string(O["why"], "why")});
    return L;
  };
  auto Built = Ctx.services().catalog<Lists>(CatalogPath, Read);
  if (!Built) {
    Ctx.toolError(llvm::toString(Built.takeError()));
    LoadFailed = true;
    return false;
  }
  Capabilities = (*Built)->Capabilities;
  Devices = (*Built)->Devices;
  SecurityOpts = (*Built)->SecurityOpts;
  for (const std::string &C : ExtraCapabilities)
    Capabilities.push_back(
        {capabilityName(C), false, "it is listed in the ExtraCapabilities option"});
  return true;
}

void PrivilegedServiceCheck::check(FileContext &Ctx) {
  const deploy::ComposeFile *Compose = Ctx.compose();
  if (!Compose || !loadCatalog(Ctx))
    return;
  constexpr const char *RootInCvm = "that is root in the CVM, with access to the decrypted "
                                    "environment, the app keys and every other container";
  for (const deploy::ComposeService &S : Compose->Services) {
    std::string Who = "service '" + S.Name + "' ";
    auto Report = [&](const deploy::ComposeScalar &At, const std::string &Message,
                      const std::string &Why) -> Diagnostic & {
      return diag(Ctx, At.Loc, At.Length, Who + Message).explain(Why);
    };
    // A setting taken from a variable is the operator's to choose.
    auto FromVariable = [&](const deploy::ComposeScalar &V, const std::string &Key,
                            const std::string &Danger) {
      if (V.Value.Refs.empty())
        return false;
      const deploy::VariableRef &R = V.Value.Refs.front();
      SourceLocation Loc = V.locationOf(R.Offset);
      size_t End = V.fileOffset(R.Offset + R.Length);
      diag(Ctx, Loc, End > Loc.Offset ? End - Loc.Offset : 0,
           Who + "takes '" + Key + ": " + V.Text + "' from variable '" + R.Name + "'")
          .explain("whoever sets the variable (the operator, through encrypted env) can " + Danger);
      return true;
    };
    if (S.Privileged &&
        !FromVariable(*S.Privileged, "privileged",
                      "make the service privileged, which is root in the CVM") &&
        isTrue(S.Privileged->Text))
      Report(*S.Privileged, "runs privileged ('privileged: " + S.Privileged->Text + "')",
             "it has every capability and every device")
          .explain(RootInCvm);
    for (const deploy::ComposeScalar &Cap : S.CapAdd) {
      if (FromVariable(Cap, "cap_add", "add any capability, SYS_ADMIN included"))
        continue;
      std::string Name = capabilityName(Cap.Text);
      for (const Entry &E : Capabilities)
        if (E.Value == Name) {
          Report(Cap, "adds capability " + Name + " ('" + Cap.Text + "')", E.Why);
          break;
        }
    }
    if (S.Pid && !FromVariable(*S.Pid, "pid", "set it to 'host', the CVM's PID namespace") &&
        llvm::StringRef(S.Pid->Text).trim().equals_insensitive("host"))
      Report(*S.Pid, "shares the CVM's PID namespace ('pid: host')",
             "it sees every process of the CVM, and with ptrace rights can read their memory and "
             "environment, decrypted secrets included");
    if (S.NetworkMode &&
        !FromVariable(*S.NetworkMode, "network_mode",
                      "set it to 'host', the CVM's network namespace") &&
        llvm::StringRef(S.NetworkMode->Text).trim().equals_insensitive("host"))
      Report(*S.NetworkMode, "uses the CVM's network namespace ('network_mode: host')",
             "every port it listens on is exposed without a ports entry, and it can reach "
             "services the CVM binds to localhost");
    for (const deploy::ComposeScalar &Dev : S.Devices) {
      llvm::StringRef Host = llvm::StringRef(Dev.Text).split(':').first.trim();
      for (const Entry &E : Devices)
        if (E.Prefix ? Host.startswith(E.Value) : Host == E.Value) {
          Report(Dev, "is given device '" + Host.str() + "'", E.Why);
          break;
        }
    }
    for (const deploy::ComposeScalar &Opt : S.SecurityOpt) {
      std::string Value = securityOption(Opt.Text);
      for (const Entry &E : SecurityOpts)
        if (E.Value == Value) {
          Report(Opt, "sets security_opt '" + Opt.Text + "'", E.Why);
          break;
        }
    }
  }
}

} // namespace teetidy::dstack
